package dev.ratchet.tracking.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The series summaries are built by Flyway from a database the earlier schema filled: every point
 * stays, and each series' latest, lowest, highest value and count are what its points say.
 */
class MetricSeriesMigrationTest {
    private static final String URL =
            System.getenv().getOrDefault("RATCHET_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getenv().getOrDefault("RATCHET_DB_USER", "postgres");

    private final String schema = "migration_" + UUID.randomUUID().toString().replace("-", "");
    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        connection = DriverManager.getConnection(URL, USER, System.getenv().getOrDefault("RATCHET_DB_PASSWORD", ""));
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
        connection.close();
    }

    @Test
    void aDatabaseOfTheEarlierSchemaGainsItsSeriesWithoutLosingAPoint() throws SQLException {
        flyway("19").migrate();
        UUID run = UUID.randomUUID();
        try (Statement sql = connection.createStatement()) {
            sql.execute("set search_path to " + schema);
            sql.execute(
                    "insert into experiment (id, name, created_at) values ('" + UUID.randomUUID() + "', 'old', now())");
            sql.execute(
                    "insert into run (id, experiment_id, status) select '" + run + "', id, 'FINISHED' from experiment");
            // loss in two contexts, written out of step order, and a step logged twice at two times
            sql.execute("""
                    insert into metric_point (run_id, key, context, step, timestamp_us, value) values
                      ('%1$s', 'loss', 1, 2, 2000, 0.40), ('%1$s', 'loss', 1, 0, 1000, 0.90),
                      ('%1$s', 'loss', 1, 1, 1500, 0.60), ('%1$s', 'loss', 1, 2, 2500, 0.35),
                      ('%1$s', 'loss', 2, 0, 1000, 0.95), ('%1$s', 'loss', 2, 1, 1800, 0.70),
                      ('%1$s', 'accuracy', 0, 5, 900, 0.81)""".formatted(run));
        }

        flyway(null).migrate();

        assertEquals(7, count("select count(*) from " + schema + ".metric_point"));
        assertEquals(
                List.of(
                        "accuracy 0 step 5 at 900: 0.81, min 0.81, max 0.81, 1 points",
                        "loss 1 step 2 at 2500: 0.35, min 0.35, max 0.9, 4 points",
                        "loss 2 step 1 at 1800: 0.7, min 0.7, max 0.95, 2 points"),
                series());
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure()
                .dataSource(URL, USER, System.getenv().getOrDefault("RATCHET_DB_PASSWORD", ""))
                .schemas(schema)
                .locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private List<String> series() throws SQLException {
        List<String> series = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select key, context, last_step, last_timestamp_us, last_value, min_value, max_value, point_count from "
                                + schema + ".metric_series order by key, context")) {
            while (rows.next()) {
                series.add(rows.getString(1) + " " + rows.getShort(2) + " step " + rows.getLong(3) + " at "
                        + rows.getLong(4) + ": " + rows.getDouble(5) + ", min " + rows.getDouble(6) + ", max "
                        + rows.getDouble(7) + ", " + rows.getLong(8) + " points");
            }
        }
        return series;
    }
}
