package org.safetykg.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Runs a real Neo4j Community DBMS (embedded, same kernel/Cypher/system database as the server
 * distribution) with its Bolt connector and authentication enabled.
 *
 * <pre>
 * usage: SafetykgNeo4j DATA_DIR [HOST:PORT] [PASSWORD|-] [setting=value ...]
 *   DATA_DIR     Neo4j home: databases go to DATA_DIR/data, internal logs to DATA_DIR/logs
 *   HOST:PORT    Bolt listen address, default 127.0.0.1:7687
 *   PASSWORD     password of user 'neo4j'; '-' or absent: $SAFETYKG_NEO4J_PASSWORD, else 'safetykg-test'
 *   setting=value  any neo4j.conf setting, e.g. db.transaction.timeout=30s (overrides defaults below)
 * </pre>
 *
 * Prints {@code READY bolt://HOST:PORT} once Bolt accepts connections; stops cleanly on SIGTERM/SIGINT.
 */
public final class SafetykgNeo4j {

    private static final String DEFAULT_ADDRESS = "127.0.0.1:7687";
    private static final String DEFAULT_PASSWORD = "safetykg-test";
    /** A neo4j.conf-style dotted key followed by '=', e.g. {@code db.transaction.timeout=}. */
    /** Plugin procedures and functions the server may load: read-only schema listings' names. */
    private static final String[] PROCEDURE_ALLOWLIST = {
        "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
        "db.schema.nodeTypeProperties", "db.schema.relTypeProperties", "dbms.components",
    };
    private static final Pattern SETTING = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+=");

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println("usage: SafetykgNeo4j DATA_DIR [HOST:PORT] [PASSWORD|-] [setting=value ...]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String address = DEFAULT_ADDRESS;
        String password = null;
        Map<String, String> extra = new LinkedHashMap<>();
        int positional = 0;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!SETTING.matcher(a).lookingAt()) {
                if (positional >= 2) {
                    die("unexpected argument: " + a);
                }
                if (positional == 0) {
                    address = a;
                } else if (!a.equals("-")) {
                    password = a;
                }
                positional++;
            } else {
                int eq = a.indexOf('=');
                extra.put(a.substring(0, eq).trim(), a.substring(eq + 1).trim());
            }
        }
        if (password == null) {
            String env = System.getenv("SAFETYKG_NEO4J_PASSWORD");
            password = env == null || env.isEmpty() ? DEFAULT_PASSWORD : env;
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            die("expected HOST:PORT, got: " + address);
        }
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));

        Files.createDirectories(home);

        // Defaults first; anything given on the command line wins.
        Map<String, String> config = new LinkedHashMap<>();
        config.put(BoltConnector.enabled.name(), "true");
        config.put(BoltConnector.listen_address.name(), host + ":" + port);
        // Advertise exactly what we listen on, so neo4j:// routing tables point back here.
        config.put(BoltConnector.advertised_address.name(), host + ":" + port);
        config.put(HttpConnector.enabled.name(), "false");
        config.put(HttpsConnector.enabled.name(), "false");
        config.put(GraphDatabaseSettings.auth_enabled.name(), "true");
        config.put(GraphDatabaseSettings.auth_minimum_password_length.name(), "1");
        // Netty's graceful-shutdown quiet period (default 5 s per event loop group) made every stop
        // take ~10 s; a throwaway test server does not need it.
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period.name(), "0");
        // Never phone home (anonymous usage reports are on by default).
        config.put(GraphDatabaseSettings.udc_enabled.name(), "false");
        // Keep the footprint modest: the page cache would otherwise be sized from total RAM.
        config.put(GraphDatabaseSettings.pagecache_memory.name(), "512m");
        // Transaction logs are otherwise preallocated at 256 MiB per database (~0.5 GB per fresh dir).
        config.put(GraphDatabaseSettings.preallocate_logical_logs.name(), "false");
        // Hardening (issue 19): LOAD CSV may not read the server's files (file:/// URLs off, and an
        // empty import directory as the root should they ever be turned on); of plugin procedures
        // and functions (APOC and the like) only these names would load, none unrestricted. The
        // allow-list does not reach built-ins (dbms.listConfig stays callable) and nothing here
        // stops http:// URLs: graph/cypher_guard.py refuses those on the query plan.
        Path importDir = home.resolve("import");
        Files.createDirectories(importDir);
        config.put(GraphDatabaseSettings.allow_file_urls.name(), "false");
        config.put(GraphDatabaseSettings.load_csv_file_url_root.name(), importDir.toString());
        config.put(GraphDatabaseSettings.procedure_allowlist.name(), String.join(",", PROCEDURE_ALLOWLIST));
        config.put(GraphDatabaseSettings.procedure_unrestricted.name(), "");
        config.putAll(extra);

        // The public builder has no raw-string setter in 5.26, so hand the settings over as a
        // generated neo4j.conf; this uses the server's own parser and strict validation.
        Path conf = home.resolve("safetykg-neo4j.conf");
        StringBuilder text = new StringBuilder("# generated by SafetykgNeo4j at every start; edits are lost\n");
        config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(conf, text.toString());

        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
        } catch (Throwable t) {
            t.printStackTrace();
            die("failed to start Neo4j: " + t);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        final DatabaseManagementService service = dbms;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            System.out.flush();
            try {
                service.shutdown();
            } catch (Throwable t) {
                t.printStackTrace();
            }
            System.out.println("STOPPED");
            System.out.flush();
            stopped.countDown();
        }, "safetykg-neo4j-shutdown"));

        try {
            setPassword(dbms, password);
            String dbName = extra.getOrDefault(GraphDatabaseSettings.initial_default_database.name(), "neo4j");
            GraphDatabaseService db = dbms.database(dbName);
            if (!db.isAvailable(120_000)) {
                die("database '" + dbName + "' did not become available");
            }
            waitForPort(host, port, 60_000);
        } catch (Throwable t) {
            t.printStackTrace();
            System.err.println("startup failed: " + t);
            System.exit(1); // runs the shutdown hook
        }

        System.out.println("READY bolt://" + host + ":" + port);
        System.out.flush();
        stopped.await();
    }

    /** Sets the password of 'neo4j' through the system database (no Bolt login involved). */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // Re-start on an existing store with the same password: Neo4j refuses "old == new".
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static void waitForPort(String host, int port, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        IOException last = null;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Bolt port " + host + ":" + port + " not accepting connections", last);
    }

    private static void die(String message) {
        System.err.println("ERROR " + message);
        System.exit(1);
    }
}
