package io.github.deepanalyze.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.deepanalyze.common.ExecutorException;
import io.github.deepanalyze.common.InvalidInputException;
import io.github.deepanalyze.execution.CodeExecutor;
import io.github.deepanalyze.execution.ExecutionMode;
import io.github.deepanalyze.execution.ExecutionSession;
import io.github.deepanalyze.execution.IsolationLevel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs code blocks on Jupyter kernels through the Jupyter Server REST API ({@code /api/kernelspecs},
 * {@code /api/kernels}) and the kernel WebSocket channel (messaging protocol 5.x). One kernel per
 * {@link ExecutionSession}, deleted when the session closes. Works against a local Jupyter Server,
 * JupyterHub's single-user servers and Jupyter (Enterprise) Gateway, which speak the same API.
 *
 * <p>The kernel must see the session's workspace at the same path (a local kernel, or a gateway
 * whose kernels mount the same file system); uploading inputs through {@code /api/contents} is not
 * implemented yet.
 *
 * <p>Thread-safe: sessions are independent. Isolation is {@link IsolationLevel#NONE}: the kernel
 * has the rights of whoever runs the server (see the README's isolation table).
 */
public final class JupyterExecutor implements CodeExecutor {
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final String token;
    private final String kernelName;
    private final Duration startTimeout;
    private final Duration interruptGrace;
    private final HttpClient http;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JupyterExecutor(Builder b) {
        this.server = b.server;
        this.token = b.token;
        this.kernelName = b.kernelName;
        this.startTimeout = b.startTimeout;
        this.interruptGrace = b.interruptGrace;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ExecutionSession openSession(Path workspace, ExecutionMode mode) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(mode, "mode");
        if (!Files.isDirectory(workspace)) {
            throw new InvalidInputException("workspace " + workspace + " does not exist or is not a directory; pass an existing directory");
        }
        if (closed.get()) {
            throw new ExecutorException("the Jupyter executor for " + server + " is closed; build a new one");
        }
        try {
            return new KernelSession(this, workspace.toRealPath(), mode);
        } catch (IOException e) {
            throw new InvalidInputException("workspace " + workspace + " cannot be resolved: " + e.getMessage());
        }
    }

    @Override
    public IsolationLevel isolation() {
        return IsolationLevel.NONE;
    }

    @Override
    public String describe() {
        return "jupyter " + server + " kernel " + kernelName;
    }

    @Override
    public void close() {
        closed.set(true);
    }

    boolean isClosed() {
        return closed.get();
    }

    URI server() {
        return server;
    }

    String token() {
        return token;
    }

    String kernelName() {
        return kernelName;
    }

    Duration startTimeout() {
        return startTimeout;
    }

    Duration interruptGrace() {
        return interruptGrace;
    }

    HttpClient http() {
        return http;
    }

    /** Sends a REST request; {@code body} null for no body. Throws a clear ExecutorException on 401/403/connection failure. */
    JsonNode rest(String method, String path, JsonNode body) {
        URI uri = server.resolve(path);
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "token " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        HttpResponse<String> resp;
        try {
            resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ExecutorException("cannot reach the Jupyter server at " + server + " (" + method + " " + uri
                    + "): connection refused; start it (python3 -m jupyter_server) or fix the URL", e);
        } catch (IOException e) {
            throw new ExecutorException("cannot reach the Jupyter server at " + server + " (" + method + " " + uri
                    + "): " + e + "; check that it runs and the URL is right", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutorException("interrupted while calling the Jupyter server at " + uri, e);
        }
        int s = resp.statusCode();
        if (s == 401 || s == 403) {
            throw new ExecutorException("the Jupyter server at " + server + " refused the token (HTTP " + s + " for "
                    + method + " " + uri.getPath() + "); pass the server's token with JupyterExecutor.builder().token(...)");
        }
        if (s / 100 != 2) {
            throw new ExecutorException("the Jupyter server at " + server + " answered HTTP " + s + " to " + method + " "
                    + uri.getPath() + ": " + resp.body());
        }
        try {
            return resp.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new ExecutorException("the Jupyter server at " + server + " sent no JSON for " + method + " "
                    + uri.getPath() + ": " + resp.body(), e);
        }
    }

    /** Starts a kernel of the configured name, failing clearly when the server does not know it. */
    String startKernel() {
        JsonNode specs = rest("GET", "api/kernelspecs", null).path("kernelspecs");
        if (!specs.has(kernelName)) {
            throw new ExecutorException("the Jupyter server at " + server + " has no kernel named '" + kernelName
                    + "' (it has " + iterableNames(specs) + "); pass one of those with .kernelName(...) or install the kernel");
        }
        ObjectNode body = JSON.createObjectNode().put("name", kernelName);
        return rest("POST", "api/kernels", body).path("id").asText();
    }

    private static String iterableNames(JsonNode specs) {
        StringBuilder b = new StringBuilder();
        specs.fieldNames().forEachRemaining(n -> b.append(b.isEmpty() ? "" : ", ").append(n));
        return b.isEmpty() ? "none" : b.toString();
    }

    /**
     * Configures a {@link JupyterExecutor}. Not thread-safe; {@link #build()} validates.
     */
    public static final class Builder {
        private URI server;
        private String token = "";
        private String kernelName = "python3";
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration interruptGrace = Duration.ofSeconds(5);

        private Builder() {}

        /** The Jupyter Server (or gateway) base URL, e.g. {@code http://127.0.0.1:8888/}. Required. */
        public Builder serverUrl(String url) {
            Objects.requireNonNull(url, "url");
            String u = url.endsWith("/") ? url : url + "/";
            URI parsed = URI.create(u);
            if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
                throw new IllegalArgumentException("serverUrl must be http:// or https://, got " + url);
            }
            this.server = parsed;
            return this;
        }

        /** The server's token (sent as {@code Authorization: token ...}). */
        public Builder token(String t) {
            this.token = Objects.requireNonNull(t, "token");
            return this;
        }

        /** The kernel spec name; default {@code python3}. */
        public Builder kernelName(String name) {
            this.kernelName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** How long a kernel may take to start and answer; default 60 s. */
        public Builder startTimeout(Duration d) {
            this.startTimeout = Objects.requireNonNull(d, "startTimeout");
            return this;
        }

        /** How long an interrupted block may take to stop before the kernel is restarted; default 5 s. */
        public Builder interruptGrace(Duration d) {
            this.interruptGrace = Objects.requireNonNull(d, "interruptGrace");
            return this;
        }

        public JupyterExecutor build() {
            if (server == null) {
                throw new IllegalStateException("serverUrl is required, e.g. JupyterExecutor.builder().serverUrl(\"http://127.0.0.1:8888/\")");
            }
            return new JupyterExecutor(this);
        }
    }
}
