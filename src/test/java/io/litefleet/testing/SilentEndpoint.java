package io.litefleet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target that is up and never answers: a loopback TCP server that accepts every connection
 * and then neither reads nor writes, as a hung S3 endpoint or a black-holed load balancer does.
 * {@link #forwardTo} turns it into a plain TCP relay to a real server, so the same endpoint can
 * come back to life.
 */
public final class SilentEndpoint implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile URI forwardTo;

    public SilentEndpoint() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "silent-endpoint");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Connections accepted so far (each request attempt of the client opens or reuses one). */
    public int accepted() {
        return accepted.get();
    }

    /** From now on, relays every new connection to {@code target} instead of holding it. */
    public void forwardTo(URI target) {
        forwardTo = target;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                held.add(socket);
                URI target = forwardTo;
                if (target != null) {
                    relay(socket, new Socket(target.getHost(), target.getPort()));
                }
            } catch (IOException e) {
                // closed, or the relay target refused: the client sees its connection drop
            }
        }
    }

    private void relay(Socket client, Socket upstream) throws IOException {
        held.add(upstream);
        pump(client.getInputStream(), upstream.getOutputStream());
        pump(upstream.getInputStream(), client.getOutputStream());
    }

    private static void pump(InputStream from, OutputStream to) {
        Thread thread = new Thread(() -> {
            try (from; to) {
                from.transferTo(to);
            } catch (IOException e) {
                // one side closed
            }
        }, "silent-endpoint-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : held) {
            socket.close();
        }
    }
}
