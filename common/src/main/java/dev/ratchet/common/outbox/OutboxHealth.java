package dev.ratchet.common.outbox;

import dev.ratchet.common.RuntimeConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the outbox relay: how many events wait and how long the oldest has waited, how many
 * are parked. DOWN when an event has waited longer than {@code ratchet.outbox.stall-after}: the
 * relay cannot deliver (the broker is away, or something stops it). Parked events do not make it
 * DOWN — they no longer hold anything up — but they show here, in the metric
 * {@code ratchet_outbox_parked} and in {@code ratchet outbox list}.
 */
@Readiness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {
    @Inject
    AgroalDataSource dataSource;

    @Inject
    RuntimeConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("Outbox relay");
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(5);
            try (ResultSet row = statement.executeQuery("""
                    select count(*) filter (where parked_at is null),
                           count(*) filter (where parked_at is not null),
                           coalesce(extract(epoch from now() - min(event_time) filter (where parked_at is null)), 0)
                    from outbox_event""")) {
                row.next();
                long waiting = row.getLong(1);
                long parked = row.getLong(2);
                long oldestSeconds = (long) row.getDouble(3);
                health.withData("waiting", waiting)
                        .withData("parked", parked)
                        .withData("oldestWaitingSeconds", oldestSeconds);
                return health.status(
                                oldestSeconds <= config.outbox().stallAfter().toSeconds())
                        .build();
            }
        } catch (SQLException e) {
            return health.down()
                    .withData("error", "cannot read the outbox: " + e.getMessage())
                    .build();
        }
    }
}
