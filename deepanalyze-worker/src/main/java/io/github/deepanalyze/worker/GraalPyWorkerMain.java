package io.github.deepanalyze.worker;

import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;

/**
 * Entry point of a GraalPy worker JVM: runs {@code runner.py} in one GraalPy context with native
 * access, so C extensions (sqlite3, pyexpat, and numpy/pandas when GraalPy wheels are installed)
 * load. The whole process is the sandbox boundary, exactly as for a CPython worker: the host kills
 * it on timeout, caps its heap with {@code -Xmx} and scrubs its environment. Started by
 * {@link GraalPyWorkerExecutor}; not an API.
 *
 * <p>Arguments: {@code <runner.py> [runner arguments...]}.
 */
public final class GraalPyWorkerMain {
    private GraalPyWorkerMain() {
    }

    /** Runs the runner and exits with its status. */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: GraalPyWorkerMain <runner.py> [args...]");
            System.exit(2);
        }
        String runner = Path.of(args[0]).toAbsolutePath().toString();
        int status = 0;
        try (Context context = Context.newBuilder("python")
                .allowAllAccess(true) // the process boundary, not the context, is the sandbox here
                .option("python.PosixModuleBackend", "native")
                .option("engine.WarnInterpreterOnly", "false")
                .arguments("python", args)
                .build()) {
            context.eval(Source.create("python", "import runpy\nrunpy.run_path(" + pyString(runner) + ", run_name='__main__')\n"));
        } catch (PolyglotException e) {
            if (e.isExit()) {
                status = e.getExitStatus();
            } else {
                System.err.println("GraalPy worker failed: " + e.getMessage());
                status = 70;
            }
        }
        System.out.flush();
        System.exit(status);
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
