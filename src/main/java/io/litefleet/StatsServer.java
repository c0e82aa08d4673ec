package io.litefleet;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.function.Function;

import io.litefleet.model.InvalidSettingException;

/**
 * Where Camel's HTTP server (/stats, /observe) listens: {@code camel.server.host} and
 * {@code camel.server.port}. Checked before Camel starts it, because Camel's Vert.x server only logs
 * a failed bind and lets the replicator run on without its endpoints.
 *
 * @param host the address to listen on
 * @param port the port, 0 for any free one
 */
record StatsServer(String host, int port) {

    static final String ENABLED = "camel.server.enabled";
    static final String HOST = "camel.server.host";
    static final String PORT = "camel.server.port";

    /**
     * @param  lookup the raw value of a property, if set
     * @return        the address, empty when the server is disabled
     */
    static Optional<StatsServer> load(Function<String, Optional<String>> lookup) {
        String enabled = lookup.apply(ENABLED).orElse("");
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new InvalidSettingException(ENABLED, enabled.isEmpty() ? "must be set" : "'" + enabled + "' must be true or false");
        }
        if (enabled.equals("false")) {
            return Optional.empty();
        }
        String host = lookup.apply(HOST).map(String::trim).orElse("");
        if (host.isEmpty()) {
            throw new InvalidSettingException(HOST, "must be set");
        }
        String port = lookup.apply(PORT).map(String::trim).orElse("");
        if (port.isEmpty()) {
            throw new InvalidSettingException(PORT, "must be set");
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new InvalidSettingException(PORT, "'" + port + "' must be a port number from 0 to 65535");
        }
        return Optional.of(new StatsServer(host, Integer.parseInt(port)));
    }

    /** Binds the address once and lets it go: a port another process holds stops start-up here. */
    void checkAvailable() {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new InvalidSettingException(HOST, "cannot resolve '" + host + "'");
        }
        try (ServerSocket socket = new ServerSocket()) {
            // as Vert.x does: a port whose last connections are in TIME_WAIT is free
            socket.setReuseAddress(true);
            socket.bind(address);
        } catch (IOException e) {
            if (e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")) {
                throw new InvalidSettingException(PORT, host + ":" + port + " is in use (another process listens on it)");
            }
            throw new InvalidSettingException(HOST, "cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")");
        }
    }
}
