package io.litefleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;

import io.litefleet.model.InvalidSettingException;
import io.litefleet.testing.FreePort;
import io.litefleet.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsServerTest {

    private static Optional<StatsServer> load(Map<String, String> overrides) throws Exception {
        Map<String, String> p = TestSettings.defaults();
        p.putAll(overrides);
        return StatsServer.load(key -> Optional.ofNullable(p.get(key)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "camel.server.port; 99999; camel.server.port: '99999' must be a port number from 0 to 65535",
            "camel.server.port; -1; camel.server.port: '-1' must be a port number from 0 to 65535",
            "camel.server.port; http; camel.server.port: 'http' must be a port number from 0 to 65535",
            "camel.server.port; ''; camel.server.port: must be set",
            "camel.server.host; ''; camel.server.host: must be set",
            "camel.server.enabled; yes; camel.server.enabled: 'yes' must be true or false" })
    void aWrongValueNamesTheProperty(String key, String value, String message) throws Exception {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> load(Map.of(key, value)));

        assertEquals(message, e.getMessage());
    }

    @Test
    void noServerNoCheck() throws Exception {
        assertTrue(load(Map.of("camel.server.enabled", "false", "camel.server.port", "99999")).isEmpty());
    }

    @Test
    void aPortInUseIsRefusedAndAFreeOneAccepted() throws Exception {
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress("127.0.0.1", 0));
            StatsServer server = load(Map.of("camel.server.port", Integer.toString(held.getLocalPort()))).orElseThrow();

            InvalidSettingException e = assertThrows(InvalidSettingException.class, server::checkAvailable);

            assertEquals("camel.server.port", e.property());
            assertTrue(e.getMessage().startsWith("camel.server.port: 127.0.0.1:" + held.getLocalPort() + " is in use"), e.getMessage());
        }
        load(Map.of("camel.server.port", Integer.toString(FreePort.pick()))).orElseThrow().checkAvailable();
    }

    @Test
    void aHostThatIsNotLocalIsRefused() throws Exception {
        StatsServer server = load(Map.of("camel.server.host", "192.0.2.1", "camel.server.port", Integer.toString(FreePort.pick())))
                .orElseThrow();

        InvalidSettingException e = assertThrows(InvalidSettingException.class, server::checkAvailable);

        assertTrue(e.getMessage().startsWith("camel.server.host: cannot listen on 192.0.2.1:"), e.getMessage());
    }
}
