#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives the real app as a user does, through AT-SPI (GUI.md "Driving the
window as a user in tests"): sign in by the fields' accessible names, scan a
lot number into the search (keys go to whatever has the focus), type a valid
and an invalid result into the entries named by their tests, press Save
results, and check through stromactl that exactly the valid one was saved.

Run inside a display and a private session bus:
  xvfb-run -a dbus-run-session -- e2e-atspi.py STROMA STROMACTL
Without a display, a session bus, xdotool or dogtail it reports itself
skipped (TAP "1..0 # SKIP")."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 0     # TAP: the plan "1..0 # SKIP" says why

# TAP owns standard output; dogtail and the tools it starts write their own
# chatter there, so everything but the TAP lines goes to standard error.
TAP = os.fdopen(os.dup(sys.stdout.fileno()), 'w')
os.dup2(sys.stderr.fileno(), sys.stdout.fileno())


def tap(line):
    TAP.write(line + '\n')
    TAP.flush()


def main():
    stroma, stromactl = sys.argv[1], sys.argv[2]
    if not os.environ.get('DISPLAY') or not shutil.which('xdotool') \
            or not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
        tap('1..0 # SKIP needs a display, xdotool and a session bus')
        return SKIP
    try:
        import dogtail.config
    except ImportError:
        tap('1..0 # SKIP dogtail is not installed')
        return SKIP

    folder = tempfile.mkdtemp(prefix='stroma-e2e-')
    db = os.path.join(folder, 'e2e.db')
    env = dict(os.environ, LC_ALL='C.UTF-8', STROMA_USER='operator', STROMA_PASSWORD='demo-password')
    bus = app = None
    try:
        subprocess.run([stromactl, '--db', db, 'demo', '--lots', '2'], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        donors = json.loads(subprocess.run([stromactl, '--db', db, '--json', 'donor', 'list'], env=env,
                                           check=True, capture_output=True, text=True).stdout)
        donor = donors[0]['donor'] if isinstance(donors, list) else donors['donors'][0]['donor']
        subprocess.run([stromactl, '--db', db, 'lot', 'create', 'E2E-1', '--donor', donor], env=env, check=True,
                       stdout=subprocess.DEVNULL)

        bus = subprocess.Popen(['/usr/libexec/at-spi-bus-launcher', '--launch-immediately'])
        time.sleep(1)
        dogtail.config.config.checkForA11y = False
        dogtail.config.config.searchCutoffCount = 20
        dogtail.config.config.logDebugToStdOut = False
        from dogtail import tree

        app_env = dict(env, GTK_A11Y='atspi', GSETTINGS_BACKEND='memory', NO_AT_BRIDGE='0')
        app = subprocess.Popen([stroma, '--db', db], env=app_env)
        time.sleep(3)
        root = tree.root.application('stroma')

        # The user name through AT-SPI; the password by keys (GTK 4.8 takes no
        # text into a password entry over AT-SPI), from the user name field
        # that has the focus.
        root.child(name='User name', roleName='text').text = 'operator'
        root.child(name='Password', roleName='password text')
        root.child(name='Sign in', roleName='push button')
        subprocess.run(['xdotool', 'key', 'Tab'], check=True)
        subprocess.run(['xdotool', 'type', '--delay', '30', 'demo-password'], check=True)
        subprocess.run(['xdotool', 'key', 'Return'], check=True)
        time.sleep(3)                           # the key derivation

        # A barcode scanner types into the focused search and presses Enter.
        subprocess.run(['xdotool', 'type', '--delay', '40', 'E2E-1'], check=True)
        subprocess.run(['xdotool', 'key', 'Return'], check=True)
        root.child(name='Viability', roleName='text').text = '92.5'
        root.child(name='CD73', roleName='text').text = '105'
        root.child(name='Save results', roleName='push button').doActionNamed('click')
        time.sleep(1)

        lot = json.loads(subprocess.run([stromactl, '--db', db, '--json', 'lot', 'show', 'E2E-1'], env=env,
                                        check=True, capture_output=True, text=True).stdout)
        saved = {r['param']: r['value'] for r in lot['results'] if not r['superseded']}
        tap('1..1')
        if saved == {'viability': '92.5'}:
            tap('ok 1 /gui/e2e/sign-in-scan-enter-save')
            return 0
        tap('not ok 1 /gui/e2e/sign-in-scan-enter-save # saved: %r' % saved)
        return 1
    finally:
        if app is not None:
            app.terminate()
            app.wait()
        if bus is not None:
            bus.terminate()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
