package cumulo.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A client of the Lambda Runtime API at `AWS_LAMBDA_RUNTIME_API`
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
 *
 * HttpURLConnection, so the one source runs on java8.al2 as on java21: it keeps
 * connections alive between calls when each body is read to its end, which
 * every call here does. `next` long-polls without a read timeout: the
 * environment answers when there is work. No proxy is ever used: the endpoint
 * is local.
 */
final class RuntimeApi {
    private static final String PREFIX = "/2018-06-01/runtime";

    /** One invocation, as `/invocation/next` hands it over. */
    static final class Invocation {
        String requestId = "";
        long deadlineMs;
        String functionArn = "";
        String traceId = "";
        Map<String, Object> clientContext; // decoded from base64 JSON; null when absent
        Map<String, Object> cognitoIdentity;
        byte[] payload = new byte[0];
    }

    private final String base;

    RuntimeApi(String address) {
        this.base = "http://" + address + PREFIX;
    }

    Invocation next() throws IOException {
        HttpURLConnection connection = open("/invocation/next");
        connection.setRequestMethod("GET");
        int status = connection.getResponseCode();
        byte[] body = drain(connection, status);
        if (status != 200) {
            throw new IOException("Runtime API /invocation/next answered " + status + ": " + new String(body, StandardCharsets.UTF_8));
        }
        Invocation invocation = new Invocation();
        invocation.requestId = header(connection, "Lambda-Runtime-Aws-Request-Id");
        invocation.functionArn = header(connection, "Lambda-Runtime-Invoked-Function-Arn");
        invocation.traceId = header(connection, "Lambda-Runtime-Trace-Id");
        try {
            invocation.deadlineMs = Long.parseLong(header(connection, "Lambda-Runtime-Deadline-Ms"));
        } catch (NumberFormatException e) {
            invocation.deadlineMs = System.currentTimeMillis() + 3000;
        }
        String client = header(connection, "Lambda-Runtime-Client-Context");
        if (!client.isEmpty()) {
            invocation.clientContext = object(new String(Base64.getDecoder().decode(client), StandardCharsets.UTF_8));
        }
        String identity = header(connection, "Lambda-Runtime-Cognito-Identity");
        if (!identity.isEmpty()) {
            invocation.cognitoIdentity = object(identity);
        }
        invocation.payload = body;
        return invocation;
    }

    void respond(String requestId, byte[] body) throws IOException {
        post("/invocation/" + requestId + "/response", body, null);
    }

    void fail(String requestId, byte[] payload, String errorType) throws IOException {
        post("/invocation/" + requestId + "/error", payload, errorType);
    }

    void initError(byte[] payload, String errorType) throws IOException {
        post("/init/error", payload, errorType);
    }

    private void post(String route, byte[] body, String errorType) throws IOException {
        HttpURLConnection connection = open(route);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length);
        connection.setRequestProperty("Content-Type", "application/json");
        if (errorType != null) {
            connection.setRequestProperty("Lambda-Runtime-Function-Error-Type", errorType);
        }
        OutputStream out = connection.getOutputStream();
        try {
            out.write(body);
        } finally {
            out.close();
        }
        int status = connection.getResponseCode();
        byte[] answer = drain(connection, status);
        if (status >= 300) {
            throw new IOException("Runtime API " + route + " answered " + status + ": " + new String(answer, StandardCharsets.UTF_8));
        }
    }

    private HttpURLConnection open(String route) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(base + route).openConnection(Proxy.NO_PROXY);
        connection.setReadTimeout(0);
        connection.setUseCaches(false);
        return connection;
    }

    private static byte[] drain(HttpURLConnection connection, int status) throws IOException {
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (in == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } finally {
            in.close();
        }
        return out.toByteArray();
    }

    private static String header(HttpURLConnection connection, String name) {
        String value = connection.getHeaderField(name);
        return value == null ? "" : value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String text) {
        try {
            Object value = Json.parse(text);
            return value instanceof Map ? (Map<String, Object>) value : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
