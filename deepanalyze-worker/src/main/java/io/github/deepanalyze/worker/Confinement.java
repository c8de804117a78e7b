package io.github.deepanalyze.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.deepanalyze.common.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox every confined CPython worker starts in: a bubblewrap command line plus a seccomp
 * filter. Inside, the worker runs as uid/gid 65534 in its own user namespace with no capabilities
 * and {@code no_new_privs} (set by bubblewrap), in its own session, PID, network, IPC, UTS and
 * (where possible) cgroup namespace, and dies with the JVM. It sees a fresh {@code /proc}, a
 * minimal {@code /dev}, size-capped private tmpfs {@code /tmp} and {@code /dev/shm}, read-only
 * binds of what the interpreter needs (found by asking it, see {@code confinement.py}), the runner
 * read-only, and read-write only its own scratch directory and the session's workspace (at
 * {@link #WORKSPACE}); the rest
 * of the root is an empty read-only tmpfs. The seccomp filter (compiled by libseccomp) makes
 * ptrace, mounts, namespaces, keyrings, BPF, modules, kexec, perf and non-{@code AF_UNIX} sockets
 * fail with {@code EPERM}.
 *
 * <p>Immutable and thread-safe once {@linkplain #prepare prepared}. Arguments are non-null.
 */
final class Confinement {
    static final String SCRIPT_RESOURCE = "/io/github/deepanalyze/worker/confinement.py";
    static final String APT_LINE = "apt-get install -y bubblewrap python3-seccomp";
    static final int SANDBOX_UID = 65534;
    /** Where the session's workspace appears inside the sandbox, so no host path reaches the model. */
    static final Path WORKSPACE = Path.of("/workspace");
    private static final long TMP_BYTES = 512L << 20;
    private static final long SHM_BYTES = 256L << 20;
    /**
     * Shared libraries (and Debian's alternatives links to them, e.g. libblas), the tools model code
     * runs through subprocess (sh, head, fc-list ...), fonts and their caches, time zones.
     */
    private static final List<String> SYSTEM_READ_ONLY = List.of("/usr/bin", "/usr/lib", "/usr/lib64", "/usr/libexec",
            "/usr/share/fonts", "/usr/share/fontconfig", "/usr/local/share/fonts", "/usr/share/zoneinfo",
            "/var/cache/fontconfig",
            "/etc/ld.so.cache", "/etc/alternatives", "/etc/fonts", "/etc/localtime", "/etc/matplotlibrc");
    private static final List<String> TOP_LEVEL_LINKS = List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32");

    private final Path bwrap;
    private final Path filter;
    private final List<String> fixedArgs;

    private Confinement(Path bwrap, Path filter, List<String> fixedArgs) {
        this.bwrap = bwrap;
        this.filter = filter;
        this.fixedArgs = fixedArgs;
    }

    /**
     * Finds bubblewrap, compiles the seccomp filter with {@code python}'s libseccomp bindings into
     * {@code dir}, asks {@code python} what it needs to read, and starts one confined interpreter to
     * prove the sandbox works here.
     *
     * @throws ConfigurationException naming what is missing and the apt line that installs it
     */
    static Confinement prepare(Path python, Path dir) {
        Path bwrap = Namespaces.firstExecutable("/usr/bin/bwrap", "/bin/bwrap").orElseThrow(() -> unavailable(
                "bubblewrap (bwrap) is not installed"));
        Path script = dir.resolve("confinement.py");
        Path filter = dir.resolve("seccomp.bpf");
        JsonNode info;
        try {
            try (InputStream in = Confinement.class.getResourceAsStream(SCRIPT_RESOURCE)) {
                if (in == null) {
                    throw new ConfigurationException("the resource " + SCRIPT_RESOURCE + " is missing; the "
                            + "deepanalyze-worker jar is incomplete");
                }
                Files.copy(in, script);
            }
            Result r = run(List.of(python.toString(), "-I", "-B", script.toString(), "--bpf", filter.toString()), dir);
            if (r.exit != 0 || !Files.isRegularFile(filter)) {
                throw unavailable("the seccomp filter could not be compiled with " + python + " (exit " + r.exit + "): "
                        + r.output.strip());
            }
            String json = r.output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}");
            info = new ObjectMapper().readTree(json);
            Files.writeString(dir.resolve("passwd"), "sandbox:x:" + SANDBOX_UID + ":" + SANDBOX_UID
                    + ":sandbox:/nonexistent:/usr/sbin/nologin\n", StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve("group"), "sandbox:x:" + SANDBOX_UID + ":\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigurationException("could not prepare the worker sandbox in " + dir + ": " + e.getMessage(), e);
        }
        Confinement c = new Confinement(bwrap, filter, fixedArgs(info, dir));
        c.selfTest(python, dir);
        return c;
    }

    /**
     * The full command: a shell that opens the filter as fd 9 (ProcessBuilder cannot pass extra
     * descriptors) and execs bubblewrap, which loads it with {@code --seccomp 9}, then {@code inner}.
     */
    List<String> command(Path runner, Path scratch, Path workspace, List<String> inner) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "exec 9<\"$1\" && shift && exec \"$@\"", "sh",
                filter.toString(), bwrap.toString()));
        cmd.addAll(fixedArgs);
        cmd.addAll(List.of("--ro-bind", runner.toString(), runner.toString(),
                "--bind", scratch.toString(), scratch.toString()));
        if (workspace != null) {
            cmd.addAll(List.of("--bind", workspace.toString(), WORKSPACE.toString(), "--chdir", WORKSPACE.toString()));
        }
        // bubblewrap always exports PWD; env drops it so the worker's environment is exactly the host's choice
        cmd.addAll(List.of("--remount-ro", "/", "--seccomp", "9", "--", "/usr/bin/env", "-u", "PWD"));
        cmd.addAll(inner);
        return List.copyOf(cmd);
    }

    String describe() {
        return "confined (bwrap uid " + SANDBOX_UID + ", seccomp, no network, own PID namespace)";
    }

    private static List<String> fixedArgs(JsonNode info, Path dir) {
        List<String> a = new ArrayList<>(List.of(
                "--unshare-user", "--uid", Integer.toString(SANDBOX_UID), "--gid", Integer.toString(SANDBOX_UID),
                "--disable-userns", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try", "--hostname", "sandbox", "--new-session", "--die-with-parent",
                "--cap-drop", "ALL", "--proc", "/proc", "--dev", "/dev",
                "--size", Long.toString(SHM_BYTES), "--tmpfs", "/dev/shm",
                "--size", Long.toString(TMP_BYTES), "--tmpfs", "/tmp"));
        for (String link : TOP_LEVEL_LINKS) {
            Path p = Path.of(link);
            try {
                if (Files.isSymbolicLink(p)) {
                    a.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), link));
                } else if (Files.isDirectory(p)) {
                    a.addAll(List.of("--ro-bind", link, link));
                }
            } catch (IOException e) {
                // unreadable link: leave it out
            }
        }
        List<String> binds = new ArrayList<>();
        for (String s : SYSTEM_READ_ONLY) {
            addBind(binds, s);
        }
        info.path("paths").forEach(n -> addBind(binds, n.asText()));
        for (String b : binds) {
            a.addAll(List.of("--ro-bind", b, b));
        }
        a.addAll(List.of("--ro-bind", dir.resolve("passwd").toString(), "/etc/passwd",
                "--ro-bind", dir.resolve("group").toString(), "/etc/group"));
        return List.copyOf(a);
    }

    /** Adds {@code path} unless it is missing, a whole prefix like {@code /usr}, or already under a bound directory. */
    private static void addBind(List<String> binds, String path) {
        if (path.isEmpty() || !Files.exists(Path.of(path)) || path.equals("/") || path.equals("/usr")
                || path.equals("/usr/local") || path.equals("/etc")) {
            return;
        }
        Path p = Path.of(path);
        for (String b : binds) {
            if (p.startsWith(Path.of(b))) {
                return;
            }
        }
        binds.removeIf(b -> Path.of(b).startsWith(p));
        binds.add(path);
    }

    private void selfTest(Path python, Path dir) {
        Path scratch = dir.resolve("selftest");
        try {
            Files.createDirectories(scratch);
            List<String> cmd = command(dir.resolve("confinement.py"), scratch, null,
                    List.of(python.toString(), "-I", "-B", "-c", "import os; print('uid', os.getuid())"));
            Result r = run(cmd, scratch);
            if (r.exit != 0 || !r.output.contains("uid " + SANDBOX_UID)) {
                throw unavailable("bubblewrap could not start a confined " + python + " here (exit " + r.exit
                        + "; user namespaces may be disabled, e.g. sysctl kernel.unprivileged_userns_clone=0 or a "
                        + "container seccomp profile): " + r.output.strip());
            }
        } catch (IOException e) {
            throw new ConfigurationException("could not test the worker sandbox in " + dir + ": " + e.getMessage(), e);
        } finally {
            ProcessTrees.deleteRecursively(scratch);
        }
    }

    private static ConfigurationException unavailable(String what) {
        return new ConfigurationException("cannot confine the CPython workers: " + what + ". Install what is missing ("
                + APT_LINE + "), or, only for trusted code, call unconfined() on the builder to run model code with "
                + "the rights of the user running this JVM");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> cmd, Path cwd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().clear(); // nothing of the host's environment reaches the probes either
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LANG", "C.UTF-8");
        // the output goes to a file, not a pipe read here: a probe that never exits must not block past the limit
        Path log = Files.createTempFile(cwd, "probe", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, tail(log) + " (no answer within 60 s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Result(-1, "interrupted");
        }
        return new Result(p.exitValue(), tail(log));
    }

    private static String tail(Path log) throws IOException {
        String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return out.length() > 2000 ? out.substring(out.length() - 2000) : out;
    }
}
