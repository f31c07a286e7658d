<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CoreText</name>
    <message numerus="yes">
        <source>Finished {count} iteration(s)</source>
        <translation>
            <numerusform>Finished {count} iteration</numerusform>
            <numerusform>Finished {count} iterations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{count} row(s) do not fit the model&apos;s context and score 0 (row ids {ids}). Raise the context size or shorten them.</source>
        <translation>
            <numerusform>{count} row does not fit the model&apos;s context and scores 0 (row id {ids}). Raise the context size or shorten it.</numerusform>
            <numerusform>{count} rows do not fit the model&apos;s context and score 0 (row ids {ids}). Raise the context size or shorten them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>no clear gain in {count} iteration(s)</source>
        <translation>
            <numerusform>no clear gain in {count} iteration</numerusform>
            <numerusform>no clear gain in {count} iterations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the editor produced no usable candidate in {count} iteration(s) (the rejected ones and their reasons are in the run record)</source>
        <translation>
            <numerusform>the editor produced no usable candidate in {count} iteration (the rejected ones and their reasons are in the run record)</numerusform>
            <numerusform>the editor produced no usable candidate in {count} iterations (the rejected ones and their reasons are in the run record)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProjectView</name>
    <message numerus="yes">
        <source>Next run: %n iteration(s) · beam {0} · {1} candidates each · {2} train / {3} validation rows · {4}.</source>
        <translation>
            <numerusform>Next run: %n iteration · beam {0} · {1} candidates each · {2} train / {3} validation rows · {4}.</numerusform>
            <numerusform>Next run: %n iterations · beam {0} · {1} candidates each · {2} train / {3} validation rows · {4}.</numerusform>
        </translation>
    </message>
</context>
</TS>
