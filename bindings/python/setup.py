# SPDX-License-Identifier: MIT
"""The dpss Python package, built against an installed libdpss.

For machines without the Debian package python3-dpss:

    pip install --no-build-isolation ./bindings/python

needs libdpss (its headers and pkg-config file: Debian's libdpss-dev, or
`make install` from source; set PKG_CONFIG_PATH for a prefix pkg-config does
not search), SWIG 4 and the Python headers (python3-dev), and takes
setuptools from the system (python3-setuptools): nothing is downloaded.
SWIG makes the wrapper from ../dpss.i with -doxygen, as the autotools build
does, so help() shows the same documentation.
"""
import os
import shlex
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
INTERFACE = os.path.join(HERE, "..", "dpss.i")


def pkg_config(*args):
    """Ask pkg-config about libdpss; stop with a plain message if it is not there."""
    cmd = [os.environ.get("PKG_CONFIG", "pkg-config"), *args, "libdpss"]
    try:
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("setup.py: libdpss not found by pkg-config (install libdpss-dev, or set "
                 "PKG_CONFIG_PATH to the directory of libdpss.pc): %s" % e)


VERSION = pkg_config("--modversion")
CFLAGS = shlex.split(pkg_config("--cflags"))
LIBS = shlex.split(pkg_config("--libs"))
INCLUDE_DIRS = [f[2:] for f in CFLAGS if f.startswith("-I")]
# SWIG searches no system directory: give it the headers' own.
SWIG_INCLUDE_DIRS = INCLUDE_DIRS + [pkg_config("--variable=includedir")]
LIBRARY_DIRS = [f[2:] for f in LIBS if f.startswith("-L")]
LIBRARIES = [f[2:] for f in LIBS if f.startswith("-l")]


class BuildExt(build_ext):
    """Run SWIG first; its wrapper is the extension's source and its native.py
    goes into the package beside the extension."""

    def run(self):
        swig = os.environ.get("SWIG", "swig")
        outdir = os.path.join(self.build_temp, "swig")
        os.makedirs(outdir, exist_ok=True)
        wrap = os.path.join(outdir, "native_wrap.c")
        cmd = [swig, "-python", "-doxygen"] + ["-I" + d for d in SWIG_INCLUDE_DIRS] + \
              ["-outdir", outdir, "-o", wrap, INTERFACE]
        self.announce(" ".join(cmd), level=2)
        try:
            subprocess.run(cmd, check=True)
        except OSError as e:
            sys.exit("setup.py: cannot run SWIG (%s): install swig, or set SWIG" % e)
        for ext in self.extensions:
            ext.sources = [wrap]
        super().run()
        pkg = os.path.join(HERE if self.inplace else self.build_lib, "dpss")
        self.mkpath(pkg)
        self.copy_file(os.path.join(outdir, "native.py"), os.path.join(pkg, "native.py"))


setup(
    name="dpss",
    version=VERSION,
    description="Direct Payment and Direct Payment Support Service rules (libdpss)",
    license="MIT",
    # The project's LICENSE, two levels up, goes into the wheel's metadata.
    license_files=["../../LICENSE"],
    packages=["dpss"],
    ext_modules=[Extension(
        "dpss._native",
        sources=[INTERFACE],  # replaced by SWIG's wrapper in BuildExt
        include_dirs=INCLUDE_DIRS,
        library_dirs=LIBRARY_DIRS,
        libraries=LIBRARIES,
        # A libdpss outside the linker's default directories is found at run time too.
        runtime_library_dirs=LIBRARY_DIRS,
        extra_compile_args=["-fno-strict-aliasing"],
    )],
    cmdclass={"build_ext": BuildExt},
    python_requires=">=3.7",
)
