package io.github.deepanalyze.jupyter;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** A real Jupyter Server (Debian's python3-jupyter-server) on 127.0.0.1 with a random port and token, for tests. */
final class JupyterServer implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    final String url;
    final String token = UUID.randomUUID().toString().replace("-", "");
    private final Process process;
    private final Path root;
    private final Path log;

    JupyterServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        root = Files.createTempDirectory("jupyter-root-");
        log = Files.createTempFile("jupyter-server-", ".log");
        url = "http://127.0.0.1:" + port + "/";
        // 1.23 (Debian 12) takes --ServerApp.token; newer servers also accept it (deprecated alias)
        process = new ProcessBuilder(PYTHON, "-m", "jupyter_server", "--ServerApp.ip=127.0.0.1",
                "--ServerApp.port=" + port, "--ServerApp.port_retries=0", "--ServerApp.token=" + token,
                "--ServerApp.root_dir=" + root, "--ServerApp.open_browser=False", "--ServerApp.allow_root=True",
                // the server drops iopub output past 1 MB/s by default; the executor bounds output itself
                "--ServerApp.iopub_data_rate_limit=0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient c = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("jupyter_server exited " + process.exitValue() + ": " + Files.readString(log)
                        + "\ninstall it with bash scripts/setup-python.sh (apt-get install python3-jupyter-server python3-ipykernel)");
            }
            try {
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(url + "api")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("jupyter_server did not answer on " + url + " within 60 s: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    JupyterExecutor.Builder executor() {
        return JupyterExecutor.builder().serverUrl(url).token(token);
    }

    @Override
    public void close() throws Exception {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
        try (Stream<Path> w = Files.walk(root)) {
            for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(log);
    }
}
