package io.github.deepanalyze.openai;

import io.github.deepanalyze.common.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A validated {@code baseUrl}: the API {@code root} without trailing slashes (e.g.
 * {@code http://localhost:8000/v1}) and the chat-completions {@code endpoint} under it.
 */
record ApiRoot(String root, URI endpoint) {

    private static final String CHAT_COMPLETIONS = "/chat/completions";

    /**
     * Reads {@code baseUrl} as an http(s) URL with a host and no query or fragment.
     *
     * @throws ConfigurationException naming the value and the fix, e.g. for a URL that already ends in
     *     {@code /chat/completions}
     */
    static ApiRoot parse(String baseUrl) {
        String root = baseUrl.strip();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        if (root.endsWith(CHAT_COMPLETIONS)) {
            throw new ConfigurationException("baseUrl must be the API root, not the endpoint: use \""
                    + root.substring(0, root.length() - CHAT_COMPLETIONS.length()) + "\" instead of \"" + baseUrl + "\"");
        }
        try {
            URI uri = new URI(root);
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new ConfigurationException("baseUrl must be an http(s) URL such as http://localhost:8000/v1, got \"" + baseUrl + "\"");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw new ConfigurationException("baseUrl must not have a query or fragment, got \"" + baseUrl + "\"");
            }
            return new ApiRoot(root, new URI(root + CHAT_COMPLETIONS));
        } catch (URISyntaxException e) {
            throw new ConfigurationException("baseUrl is not a valid URL: \"" + baseUrl + "\" (" + e.getMessage() + ")");
        }
    }
}
