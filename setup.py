"""Packaging for tumorq: metadata and requirement ranges come from settings.ini (nbdev 2 layout); exact pins: .ci/constraints.txt.

`pip install tumorq` (or `tumorq[edge]`) installs the edge runtime only (`tumorq predict`); `tumorq[full]` adds
TensorFlow and everything for training and the notebooks; `tumorq[dev]` is `full` plus the nbdev/test toolchain."""
from configparser import ConfigParser
import os, setuptools

cfg = ConfigParser(delimiters=['='])
cfg.read('settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']
requirements = cfg.get('requirements', '').split()
full_requirements = cfg.get('full_requirements', '').split()
dev_requirements = cfg.get('dev_requirements', '').split()
console_scripts = cfg.get('console_scripts', '').split()
setuptools.setup(
    name=cfg['lib_name'], version=cfg['version'], description=cfg['description'],
    long_description=open('README.md', encoding='utf-8').read() if os.path.exists('README.md') else '', long_description_content_type='text/markdown',
    author=cfg['author'], author_email=cfg['author_email'], license='Apache-2.0', url=cfg['git_url'],
    packages=setuptools.find_packages(include=['tumorq', 'tumorq.*']), include_package_data=True,
    python_requires=f">={cfg['min_python']}", install_requires=requirements,
    extras_require={'edge': requirements, 'full': full_requirements, 'dev': full_requirements + dev_requirements}, zip_safe=False,
    entry_points={'console_scripts': console_scripts, 'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]},
)
