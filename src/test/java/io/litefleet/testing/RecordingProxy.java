package io.litefleet.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP relay on a loopback port in front of a real server that records every request as it went
 * over the wire: request line and headers exactly as the client sent them, before any server
 * decodes them. What an SDK interceptor cannot show (it sees the request before the SDK's own
 * signing and encoding stages), and what a server's parsed request no longer shows.
 */
public final class RecordingProxy implements AutoCloseable {

    /** One request as sent: method, path with query, headers by lower-case name. */
    public record Request(String method, String path, Map<String, String> headers) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        /** The object key of a path-style request ({@code /bucket/key?query}). */
        public String key() {
            String withoutQuery = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            int slash = withoutQuery.indexOf('/', 1);
            return slash < 0 ? "" : java.net.URLDecoder.decode(withoutQuery.substring(slash + 1), StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket server;
    private final URI target;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public RecordingProxy(URI target) throws IOException {
        this.target = target;
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "recording-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests with this method whose object key starts with {@code keyPrefix}. */
    public List<Request> requests(String method, String keyPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.key().startsWith(keyPrefix)).toList();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                start(() -> relayRequests(client, upstream));
                start(() -> upstream.getInputStream().transferTo(client.getOutputStream()));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private interface Relay {
        void run() throws IOException;
    }

    private static void start(Relay relay) {
        Thread thread = new Thread(() -> {
            try {
                relay.run();
            } catch (IOException e) {
                // one side closed
            }
        }, "recording-proxy-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads each request's head, records it, and forwards head and body unchanged. */
    private void relayRequests(Socket client, Socket upstream) throws IOException {
        InputStream in = new BufferedInputStream(client.getInputStream());
        OutputStream out = new BufferedOutputStream(upstream.getOutputStream());
        try (client; upstream) {
            while (true) {
                List<String> head = new ArrayList<>();
                for (String line = line(in, out); line != null && !line.isEmpty(); line = line(in, out)) {
                    head.add(line);
                }
                if (head.isEmpty()) {
                    return;
                }
                String[] requestLine = head.get(0).split(" ");
                Map<String, String> headers = new TreeMap<>();
                for (String header : head.subList(1, head.size())) {
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
                }
                requests.add(new Request(requestLine[0], requestLine[1], headers));
                // the head now: a client that sent "Expect: 100-continue" waits for the server's answer
                out.flush();
                if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    relayChunks(in, out);
                } else {
                    copy(in, out, Long.parseLong(headers.getOrDefault("content-length", "0")));
                }
                out.flush();
            }
        }
    }

    private static void relayChunks(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String size = line(in, out);
            if (size == null) {
                return;
            }
            long length = Long.parseLong(size.split(";")[0].trim(), 16);
            if (length == 0) {
                // trailer fields, up to an empty line
                for (String line = line(in, out); line != null && !line.isEmpty(); line = line(in, out)) {
                    // forwarded as read
                }
                return;
            }
            copy(in, out, length);
            line(in, out);
        }
    }

    /** One CRLF-terminated line, forwarded as read; null at the end of the stream. */
    private static String line(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            out.write(b);
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[65536];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the client closed the connection in the middle of a body");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
