package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replicator MBean, read and operated over a real JMX (RMI) connection, as jconsole would. */
class ReplicatorMBeanTest {

    @TempDir
    Path work;

    private static long s3Keys(Path work, String tenant) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(work.resolve("replica").resolve(tenant))) {
            return files.count();
        }
    }

    @Test
    void attributesAndOperationsOverJmx() throws Exception {
        SampleFleet.generate(work.resolve("data"), 5, 5);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LocateRegistry.createRegistry(port);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(url, null, ManagementFactory.getPlatformMBeanServer());
        server.start();
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of());
             JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            Set<ObjectName> found = jmx.queryNames(new ObjectName("org.apache.camel:type=services,name=Replicator,*"), null);
            assertEquals(1, found.size(), found.toString());
            ObjectName replicator = found.iterator().next();

            String summary = (String) jmx.invoke(replicator, "runCycleNow", null, null);

            assertTrue(summary.startsWith("5 databases, 5 changed, 5 uploaded"), summary);
            assertEquals(5L, jmx.getAttribute(replicator, "UploadsSuccess"));
            assertEquals(1L, jmx.getAttribute(replicator, "Cycles"));
            assertEquals(5, jmx.getAttribute(replicator, "Databases"));
            assertEquals(0, jmx.getAttribute(replicator, "FailingDatabases"));

            Sqlite.settle();
            assertTrue(((String) jmx.invoke(replicator, "runCycleNow", null, null)).startsWith("5 databases, 0 changed"));
            String resynced = (String) jmx.invoke(replicator, "resync", new Object[] { "acme/orders/main/t00000" },
                    new String[] { String.class.getName() });
            assertEquals("acme/orders/main/t00000 will be uploaded by the next cycle", resynced);

            String next = (String) jmx.invoke(replicator, "runCycleNow", null, null);

            assertTrue(next.startsWith("5 databases, 1 changed, 1 uploaded"), "an unchanged tenant uploads again: " + next);
            assertEquals(6L, jmx.getAttribute(replicator, "UploadsSuccess"));
            assertEquals(2, s3Keys(work, "acme/orders/main/t00000"), "a second snapshot of the unchanged tenant");
            assertTrue(jmx.queryNames(new ObjectName("org.apache.camel:type=threadpools,*"), null).size() > 0, "thread pools stay visible");
        } finally {
            server.stop();
        }
    }
}
