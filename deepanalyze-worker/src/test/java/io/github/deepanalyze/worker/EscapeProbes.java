package io.github.deepanalyze.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Escape attempts as a model (or a prompt-injected data file) would write them. Each probe's code
 * prints {@code ESCAPED} when it reached its goal; probes whose goal is a change on the host also
 * carry a host-side check. Files the probes might plant on the host are removed by {@link #cleanUp()}.
 * The probes that signal processes are not here: against an unconfined worker they would kill the
 * test JVM, so {@link ConfinedWorkerEscapeTest} runs them only against the confined one.
 */
final class EscapeProbes {
    /** One attempt: {@code code} prints {@code ESCAPED} on success; {@code hostEscaped} looks from outside. */
    record Probe(String name, String code, BooleanSupplier hostEscaped) {
    }

    final Path secret;
    final Path input;
    final String inputSha256;
    final Path otherWorkspace;
    private final String marker = "deepanalyze-probe-" + UUID.randomUUID();
    private final Path hostTmpFile = Path.of("/tmp", marker);
    private final Path homeFile = Path.of(System.getProperty("user.home"), marker);
    private final Path pthFile = Path.of("/usr/lib/python3/dist-packages", "zz_" + marker.replace('-', '_') + ".pth");
    private final Path attached;

    /** Creates the host-side bait: a secret and an original input outside the workspace, and a sibling workspace. */
    EscapeProbes(Path outside, Path workspaceRoot) throws IOException {
        this.secret = Files.writeString(outside.resolve("secret.txt"), "TOKEN-" + marker);
        this.input = Files.writeString(outside.resolve("input.csv"), "a,b\n1,2\n");
        this.inputSha256 = sha256(input);
        this.otherWorkspace = Files.createDirectories(workspaceRoot.resolve("other-analysis"));
        Files.writeString(otherWorkspace.resolve("notes.txt"), "OTHER-" + marker);
        this.attached = outside.resolve("attached.db");
    }

    List<Probe> all(int hostPort) {
        long jvm = ProcessHandle.current().pid();
        List<Probe> p = new ArrayList<>();
        p.add(probe("read /etc/shadow", "print('ESCAPED' if 'root:' in open('/etc/shadow').read() else 'nothing')"));
        p.add(probe("read a secret file outside the workspace",
                "print('ESCAPED' if 'TOKEN-' in open(%s).read() else 'nothing')".formatted(py(secret))));
        p.add(probe("read the original input outside the workspace",
                "print('ESCAPED' if 'a,b' in open(%s).read() else 'nothing')".formatted(py(input))));
        p.add(new Probe("modify the original input", "open(%s, 'a').write('9,9\\n')\nprint('ESCAPED')".formatted(py(input)),
                () -> !sha256(input).equals(inputSha256)));
        p.add(probe("read another analysis's workspace",
                "print('ESCAPED' if 'OTHER-' in open(%s).read() else 'nothing')".formatted(py(otherWorkspace.resolve("notes.txt")))));
        p.add(probe("list the workspace root for other analyses",
                "import os\nprint('ESCAPED' if 'other-analysis' in os.listdir('..') else 'nothing')"));
        p.add(probe("list the host user's home (~/.m2, ~/.ssh ...)",
                "import os\nprint('ESCAPED' if os.listdir(%s) else 'nothing')".formatted(py(Path.of(System.getProperty("user.home"))))));
        p.add(probe("read the host JVM's /proc/<pid>/cmdline",
                "print('ESCAPED' if b'java' in open('/proc/%d/cmdline', 'rb').read() else 'nothing')".formatted(jvm)));
        p.add(probe("read the host JVM's /proc/<pid>/environ",
                "print('ESCAPED' if b'PATH=' in open('/proc/%d/environ', 'rb').read() else 'nothing')".formatted(jvm)));
        p.add(probe("read the host JVM's memory through /proc/<pid>/mem", """
                start = int(open('/proc/%1$d/maps').readline().split('-')[0], 16)
                with open('/proc/%1$d/mem', 'rb') as f:
                    f.seek(start)
                    print('ESCAPED' if len(f.read(16)) == 16 else 'nothing')
                """.formatted(jvm)));
        p.add(new Probe("write the host's /tmp", "open(%s, 'w').write('x')\nprint('written')".formatted(py(hostTmpFile)),
                () -> Files.exists(hostTmpFile)));
        p.add(new Probe("write the host user's home", "open(%s, 'w').write('x')\nprint('written')".formatted(py(homeFile)),
                () -> Files.exists(homeFile)));
        p.add(probe("rewrite the worker's runner script",
                "import sys\nopen(sys.modules['__main__'].__file__, 'a').write('\\n# planted\\n')\nprint('ESCAPED')"));
        p.add(new Probe("plant a .pth file in site-packages", "open(%s, 'w').write('# planted\\n')\nprint('written')".formatted(py(pthFile)),
                () -> Files.exists(pthFile)));
        p.add(probe("mount -o remount,rw /", """
                import subprocess
                r = subprocess.run(['mount', '-o', 'remount,rw', '/'], capture_output=True, text=True)
                print('ESCAPED' if r.returncode == 0 else 'mount failed: ' + r.stderr.strip())
                """));
        p.add(probe("setns into /proc/1/ns/net and reach the host's loopback", """
                import ctypes, os, socket
                libc = ctypes.CDLL(None, use_errno=True)
                fd = os.open('/proc/1/ns/net', os.O_RDONLY)
                if libc.setns(fd, 0) != 0:
                    raise PermissionError(ctypes.get_errno(), 'setns: ' + os.strerror(ctypes.get_errno()))
                socket.create_connection(('127.0.0.1', %d), timeout=3).close()
                print('ESCAPED')
                """.formatted(hostPort)));
        p.add(probe("open an AF_INET socket to the host's loopback",
                "import socket\nsocket.create_connection(('127.0.0.1', %d), timeout=3).close()\nprint('ESCAPED')".formatted(hostPort)));
        p.add(probe("open IPv6, netlink or raw packet sockets", """
                import socket
                opened = []
                for family, kind in [(socket.AF_INET6, socket.SOCK_STREAM), (socket.AF_NETLINK, socket.SOCK_RAW),
                                     (socket.AF_PACKET, socket.SOCK_RAW)]:
                    try:
                        socket.socket(family, kind).close()
                        opened.append(family)
                    except OSError as e:
                        print('refused', family, e.errno)
                print('ESCAPED' if opened else 'nothing')
                """));
        p.add(probe("ptrace another process through ctypes", """
                import ctypes, subprocess
                libc = ctypes.CDLL(None, use_errno=True)
                child = subprocess.Popen(['sleep', '30'])
                try:
                    rc = libc.ptrace(16, child.pid, 0, 0)  # PTRACE_ATTACH
                    print('ESCAPED' if rc == 0 else 'ptrace failed, errno %d' % ctypes.get_errno())
                finally:
                    child.kill()
                """));
        p.add(new Probe("sqlite ATTACH a database outside the workspace", """
                import sqlite3
                c = sqlite3.connect(':memory:')
                c.execute("ATTACH DATABASE %s AS x")
                c.execute('CREATE TABLE x.t (v)')
                print('ESCAPED')
                """.formatted(py(attached)), () -> Files.exists(attached)));
        p.add(probe("hard-link a host file into the workspace",
                "import os\nos.link(%s, 'stolen.txt')\nprint('ESCAPED' if 'TOKEN-' in open('stolen.txt').read() else 'nothing')"
                        .formatted(py(secret))));
        return p;
    }

    /** Removes whatever an unconfined run planted on the host. */
    void cleanUp() throws IOException {
        Files.deleteIfExists(hostTmpFile);
        Files.deleteIfExists(homeFile);
        Files.deleteIfExists(pthFile);
    }

    private static Probe probe(String name, String code) {
        return new Probe(name, code, () -> false);
    }

    static String py(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
