package jbnet.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Neo4j Community 5.26 for the tests: an embedded DBMS with Bolt on 127.0.0.1:PORT, auth disabled.
 *
 * <p>Usage: {@code java -cp ... jbnet.neo4j.Launcher PORT DATA_DIR}. Prints one line
 * {@code NEO4J_READY bolt://127.0.0.1:PORT} when the default database accepts queries and shuts
 * down when stdin closes, so it never outlives the test process that started it.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Launcher PORT DATA_DIR");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path home = Path.of(args[1]).toAbsolutePath();

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // Test data is small: keep the page cache and transaction logs modest.
                .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                // The test server holds throwaway data: do not linger over idle Bolt threads at shutdown.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ZERO)
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ZERO)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));

        // Block until the default database answers, then announce readiness on stdout.
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + port);
        System.out.flush();

        InputStream in = System.in;
        byte[] buf = new byte[256];
        while (in.read(buf) >= 0) {
            // Drain stdin; EOF means the parent is gone.
        }
        System.exit(0); // runs the shutdown hook
    }
}
