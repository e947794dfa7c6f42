#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the translations against the sources as they are now.

Extracts a fresh template from po/POTFILES.in (the same xgettext arguments
as i18n.gettext's glib preset), merges every language of po/LINGUAS into it
without fuzzy matching, and fails when a message is untranslated or fuzzy,
when xgettext cannot read a format string (a G_GINT64_FORMAT inside _():
use PRId64, which gettext understands), or when a translation loses a
placeholder or the spaces and newlines around the text.

Usage: check-po.py SOURCE_ROOT
"""
import os
import re
import subprocess
import sys
import tempfile

GLIB_PRESET = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]

failures = []


def fail(message):
    failures.append(message)
    print('FAIL: ' + message)


def unquote(text):
    return bytes(text, 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8')


def entries(path):
    """(msgid, msgstrs, flags) of every live entry but the header."""
    text = open(path, encoding='utf-8').read()
    for block in re.split(r'\n\s*\n', text):
        lines = [l for l in block.strip('\n').split('\n') if l and not l.startswith('#~')]
        fields, current, flags = {}, None, set()
        for line in lines:
            if line.startswith('#,'):
                flags |= {f.strip() for f in line[2:].split(',')}
            elif line.startswith('#'):
                continue
            elif line.startswith('"'):
                fields[current] += unquote(line[1:-1])
            else:
                current, _, rest = line.partition(' ')
                fields[current] = unquote(rest[1:-1])
        if fields.get('msgid'):
            strs = [v for k, v in sorted(fields.items()) if k.startswith('msgstr')]
            yield fields['msgid'], fields.get('msgid_plural'), strs, flags


def placeholders(text):
    return sorted(re.findall(r'\{[a-z_]+\}', text))


def edges(text):
    lead = re.match(r'^[\s]*', text).group(0)
    trail = re.search(r'[\s]*$', text).group(0)
    return lead, trail


def check_language(po, pot, workdir, lang):
    merged = os.path.join(workdir, lang + '.po')
    subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot], check=True)
    stats = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, merged],
                           capture_output=True, text=True)
    print(f'{lang}: {stats.stderr.strip()}')
    if stats.returncode != 0:
        fail(f'{lang}.po does not compile with msgfmt --check:\n{stats.stderr}')
    for msgid, plural, strs, flags in entries(merged):
        if 'fuzzy' in flags:
            fail(f'{lang}: fuzzy: {msgid!r}')
        elif any(s == '' for s in strs):
            fail(f'{lang}: untranslated: {msgid!r}')
            continue
        for s in strs:
            if placeholders(s) != placeholders(msgid):
                fail(f'{lang}: placeholders differ: {msgid!r} -> {s!r}')
            # Column layout and line structure live in the spaces around the text.
            if edges(s) != edges(msgid) and edges(s) != edges(plural or msgid):
                fail(f'{lang}: leading or trailing space differs: {msgid!r} -> {s!r}')
    # The catalogue in the tree must be complete by itself too: no fuzzy or
    # untranslated entries waiting there either.
    own = subprocess.run(['msgfmt', '--statistics', '-o', os.devnull, po], capture_output=True, text=True)
    if 'fuzzy' in own.stderr or 'untranslated' in own.stderr:
        fail(f'{po}: {own.stderr.strip()}; run meson compile stroma-update-po and translate')


def main():
    top = sys.argv[1]
    podir = os.path.join(top, 'po')
    with tempfile.TemporaryDirectory() as workdir:
        pot = os.path.join(workdir, 'stroma.pot')
        extract = subprocess.run(['xgettext', '--package-name=stroma', '-f', os.path.join(podir, 'POTFILES.in'),
                                  '-D', top, '-k_', '-o', pot] + GLIB_PRESET, capture_output=True, text=True)
        if extract.returncode != 0:
            fail('xgettext failed:\n' + extract.stderr)
            return 1
        for line in extract.stderr.splitlines():
            if 'not a valid C format string' in line:
                fail('xgettext cannot read a format string (use PRId64, not G_GINT64_FORMAT, in _()): ' + line)
        langs = [w for line in open(os.path.join(podir, 'LINGUAS'))
                 if not line.startswith('#') for w in line.split()]
        if not langs:
            fail('po/LINGUAS names no language')
        for lang in langs:
            check_language(os.path.join(podir, lang + '.po'), pot, workdir, lang)
    if failures:
        print(f'{len(failures)} problem(s)')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
