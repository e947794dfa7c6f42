#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A submitted lot taken to released in the window alone, as GUI.md's
people do it, through AT-SPI: the reviewer opens the lot (scanned into the
search), presses Review, gives the password and presses Sign; the QP does
the same with Release; stromactl then finds the lot released with both
signatures and a certificate that verifies.  The accessible names are the
fixed ones of GUI.md ("Review", "Release", "Password", "Sign").

Run inside a display and a private session bus:
  xvfb-run -a dbus-run-session -- e2e-release.py STROMA STROMACTL
Without a display, a session bus, xdotool or dogtail it reports itself
skipped (TAP "1..0 # SKIP")."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

TAP = os.fdopen(os.dup(sys.stdout.fileno()), 'w')
os.dup2(sys.stderr.fileno(), sys.stdout.fileno())


def tap(line):
    TAP.write(line + '\n')
    TAP.flush()


def keys(*args):
    subprocess.run(['xdotool'] + list(args), check=True)


def wait_for(find, seconds=20):
    """Calls find() until it returns something (dogtail raises while the
    node is not there yet)."""
    deadline = time.time() + seconds
    while True:
        try:
            found = find()
            if found:
                return found
        except Exception:  # noqa: BLE001 - dogtail's search errors
            if time.time() > deadline:
                raise
        if time.time() > deadline:
            raise TimeoutError('not found in time')
        time.sleep(0.3)


def main():
    stroma, stromactl = sys.argv[1], sys.argv[2]
    if not os.environ.get('DISPLAY') or not shutil.which('xdotool') \
            or not os.environ.get('DBUS_SESSION_BUS_ADDRESS'):
        tap('1..0 # SKIP needs a display, xdotool and a session bus')
        return 0
    try:
        import dogtail.config
    except ImportError:
        tap('1..0 # SKIP dogtail is not installed')
        return 0

    folder = tempfile.mkdtemp(prefix='stroma-e2e-release-')
    db = os.path.join(folder, 'e2e.db')
    out = os.path.join(folder, 'certificates')
    os.mkdir(out)
    env = dict(os.environ, LC_ALL='C.UTF-8', STROMA_PASSWORD='demo-password')
    bus = app = None
    try:
        subprocess.run([stromactl, '--db', db, 'demo', '--lots', '40'], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        lots = json.loads(subprocess.run([stromactl, '--db', db, '--user', 'qp', '--json', 'lot', 'list',
                                          '--status', 'in_review'], env=env, check=True, capture_output=True,
                                         text=True).stdout)
        lot = lots[0]['lot']

        bus = subprocess.Popen(['/usr/libexec/at-spi-bus-launcher', '--launch-immediately'])
        time.sleep(1)
        dogtail.config.config.checkForA11y = False
        dogtail.config.config.searchCutoffCount = 20
        dogtail.config.config.logDebugToStdOut = False
        from dogtail import tree

        # The certificate goes to a folder of the test and no viewer opens:
        # the preferences from a key file of the test.
        config = os.path.join(folder, 'config')
        os.makedirs(os.path.join(config, 'glib-2.0', 'settings'))
        with open(os.path.join(config, 'glib-2.0', 'settings', 'keyfile'), 'w') as keyfile:
            keyfile.write("[org/stroma/Stroma]\nopen-certificate=false\nexport-folder='%s'\n" % out)
        app_env = dict(env, GTK_A11Y='atspi', GSETTINGS_BACKEND='keyfile', XDG_CONFIG_HOME=config,
                       NO_AT_BRIDGE='0')
        app = subprocess.Popen([stroma, '--db', db], env=app_env)
        time.sleep(3)
        root = tree.root.application('stroma')

        def sign_in(username):
            wait_for(lambda: root.child(name='User name', roleName='text')).text = username
            keys('key', 'Tab')
            keys('type', '--delay', '30', 'demo-password')
            keys('key', 'Return')
            time.sleep(3)                       # the key derivation
            # The search has the focus: a scanner types the lot and Enter.
            keys('type', '--delay', '40', lot)
            keys('key', 'Return')
            time.sleep(1.5)

        def sign(button):
            wait_for(lambda: root.child(name=button, roleName='push button')).doActionNamed('click')
            time.sleep(1.5)
            sign_button = wait_for(lambda: root.child(name='Sign', roleName='push button'))
            # The dialog's password field has the focus (GTK 4.8 takes no
            # text into a password entry over AT-SPI).
            keys('type', '--delay', '30', 'demo-password')
            sign_button.doActionNamed('click')
            time.sleep(4)                       # the key derivation and the certificate

        sign_in('reviewer')
        sign('Review')
        keys('key', 'ctrl+shift+q')             # sign out
        time.sleep(1.5)
        sign_in('qp')
        sign('Release')

        shown = json.loads(subprocess.run([stromactl, '--db', db, '--user', 'qp', '--json', 'lot', 'show', lot],
                                          env=env, check=True, capture_output=True, text=True).stdout)
        meanings = [(s['meaning'], s['user']) for s in shown['signatures']]
        pdf = os.path.join(out, lot + '-certificate.pdf')
        verified = os.path.exists(pdf) and subprocess.run(
            [stromactl, '--db', db, '--user', 'qp', 'cert', 'verify', pdf, pdf + '.p7s'], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        tap('1..1')
        if shown['status'] == 'released' and ('reviewed', 'reviewer') in meanings \
                and ('certified', 'qp') in meanings and verified:
            tap('ok 1 /gui/e2e/review-and-release %s' % lot)
            return 0
        tap('not ok 1 /gui/e2e/review-and-release # %s: %s, %r, certificate verified: %s'
            % (lot, shown['status'], meanings, verified))
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
