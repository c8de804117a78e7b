package io.github.deepanalyze.worker;

import io.github.deepanalyze.common.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds a way to start workers in fresh Linux namespaces with util-linux {@code unshare}: an empty
 * network namespace (no interfaces but a down loopback, so no network at all) and a PID namespace
 * whose init is the worker, so that everything the model's code forks dies with the worker.
 * Root can do this directly; other users need unprivileged user namespaces ({@code --map-root-user}).
 */
final class Namespaces {
    private static final List<List<String>> CANDIDATES = List.of(
            List.of("--net", "--pid", "--fork", "--kill-child", "--mount-proc"),
            List.of("--map-root-user", "--net", "--pid", "--fork", "--kill-child", "--mount-proc"),
            List.of("--net"),
            List.of("--map-root-user", "--net"));

    private Namespaces() {
    }

    /** The command prefix that works on this machine, or empty if none does (probed by running {@code true}). */
    static Optional<List<String>> probe() {
        Optional<Path> unshare = firstExecutable("/usr/bin/unshare", "/bin/unshare");
        if (unshare.isEmpty()) {
            return Optional.empty();
        }
        for (List<String> flags : CANDIDATES) {
            List<String> cmd = new java.util.ArrayList<>();
            cmd.add(unshare.get().toString());
            cmd.addAll(flags);
            cmd.add("--");
            cmd.add("true");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    cmd.remove(cmd.size() - 1);
                    return Optional.of(List.copyOf(cmd));
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // try the next, less demanding variant
            } catch (InterruptedException e) {
                throw interrupted("unshare", e); // never fall back to an unsandboxed worker because of an interrupt
            }
        }
        return Optional.empty();
    }

    /** The bubblewrap launcher if it is installed and can create the sandbox here (probed by running {@code true}). */
    static Optional<Path> bubblewrap() {
        Optional<Path> bwrap = firstExecutable("/usr/bin/bwrap", "/bin/bwrap");
        if (bwrap.isEmpty()) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(bwrap.get().toString(), "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                    "--tmpfs", "/tmp", "--unshare-net", "--unshare-pid", "--die-with-parent", "--", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return bwrap;
            }
            p.destroyForcibly();
        } catch (IOException e) {
            // not usable here
        } catch (InterruptedException e) {
            throw interrupted("bwrap", e);
        }
        return Optional.empty();
    }

    /**
     * A bubblewrap command prefix: the whole file system read-only, a private {@code /tmp} and
     * {@code /dev}, and only {@code writable} bound read-write; own PID (and network) namespace;
     * the sandbox dies with the JVM that started it.
     */
    static List<String> bubblewrapPrefix(Path bwrap, Path runner, List<Path> writable, boolean isolateNetwork) {
        List<String> cmd = new java.util.ArrayList<>(List.of(bwrap.toString(), "--ro-bind", "/", "/", "--dev", "/dev",
                "--proc", "/proc", "--tmpfs", "/tmp", "--ro-bind", runner.toString(), runner.toString()));
        for (Path w : writable) {
            cmd.add("--bind");
            cmd.add(w.toString());
            cmd.add(w.toString());
        }
        if (isolateNetwork) {
            cmd.add("--unshare-net");
        }
        cmd.addAll(List.of("--unshare-pid", "--die-with-parent", "--"));
        return List.copyOf(cmd);
    }

    private static ConfigurationException interrupted(String tool, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ConfigurationException("interrupted while probing the " + tool + " sandbox; the executor was not "
                + "built: call build() again from a thread that is not being interrupted", e);
    }

    static Optional<Path> firstExecutable(String... paths) {
        for (String s : paths) {
            Path p = Path.of(s);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
