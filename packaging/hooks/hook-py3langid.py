# py3langid loads its language model (data/model.plzma) from beside its module at run time,
# which PyInstaller's import analysis cannot see: ship the data file at that path.
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("py3langid")
