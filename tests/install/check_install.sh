#!/usr/bin/env bash
# check_install.sh BUILD_DIR SOURCE_DIR — `cmake --install` into a temporary prefix gives a
# usable library: headers, liblandscan.a, landscan.pc, the presets, the tool and its man
# page landscan(1), which `man` renders without warnings and which names every verb of
# `landscan --help`. A program
# outside the tree (consumer.c) is compiled against the installed files only, through
# pkg-config, and run on a run file of testdata/. Extra compiler flags (the sanitizers of
# the build) come from LS_EXTRA_CFLAGS.
set -euo pipefail
build=$1
src=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
pc=$(find "$prefix" -name landscan.pc)
for f in include/landscan/landscan.h include/landscan/config.h include/landscan/rules.h \
    share/landscan/presets/national-2008.yaml share/landscan/presets/national-2008.far.csv bin/landscan \
    share/man/man1/landscan.1; do
    [ -e "$prefix/$f" ] || { echo "not installed: $f"; exit 1; }
done
[ -n "$pc" ] || { echo "not installed: landscan.pc"; exit 1; }
find "$prefix" -name liblandscan.a | grep -q . || { echo "not installed: liblandscan.a"; exit 1; }
# no internal header may be installed
if find "$prefix/include" -name '*.h' | grep -v '/include/landscan/' | grep -q .; then
    echo "headers outside include/landscan installed"; exit 1
fi
export PKG_CONFIG_PATH=$(dirname "$pc")
presets=$(pkg-config --variable=presetdir landscan)
[ -f "$presets/shizuishan-2022.yaml" ] || { echo "presetdir from landscan.pc is wrong: $presets"; exit 1; }
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror ${LS_EXTRA_CFLAGS:-} -o "$prefix/consumer" "$src/tests/install/consumer.c" \
    $(pkg-config --cflags --libs landscan)
out=$(LANDSCAN_PRESET_DIR=$presets "$prefix/consumer" "$src/testdata/config/run_by_year.yaml" \
    "$prefix/no_such_run.yaml")
# shizuishan-2022 tax_per_mu_min_by_year {2022: 4.5, 2023: 6, 2024: 8}, reference 2023-06-30 → 6
expected="$(pkg-config --modversion landscan) shizuishan-2022 2023-06-30 6
-2 $prefix/no_such_run.yaml: cannot open run file: No such file or directory"
if [ "$out" != "$expected" ]; then
    printf 'consumer printed:\n%s\nexpected:\n%s\n' "$out" "$expected"
    exit 1
fi
# the installed tool lists the installed presets
LANDSCAN_PRESET_DIR=$presets "$prefix/bin/landscan" rules | grep -qx zhejiang-ningbo
# the man page: found by `man` under the prefix, rendered without warnings, every verb named
page=$(MANPATH="$prefix/share/man" MANWIDTH=100 LC_ALL=C.UTF-8 man --warnings landscan 2>"$prefix/man.err")
if [ -s "$prefix/man.err" ]; then
    echo "man landscan warns:"; cat "$prefix/man.err"; exit 1
fi
grep -q 'SYNOPSIS' <<<"$page" || { echo "man landscan: no SYNOPSIS"; exit 1; }
for verb in $("$prefix/bin/landscan" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p'); do
    grep -Eq "landscan +$verb" <<<"$page" || { echo "man landscan: verb $verb missing"; exit 1; }
done
echo "install ok: $prefix"
