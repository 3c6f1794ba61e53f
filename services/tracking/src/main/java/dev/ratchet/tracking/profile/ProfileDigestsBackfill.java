package dev.ratchet.tracking.profile;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Profiles stored before V16 have no part digests, which SQL cannot read out of the stored
 * protobuf; they are filled in once at start (a no-op query afterwards).
 */
@ApplicationScoped
class ProfileDigestsBackfill {
    private static final Logger LOG = Logger.getLogger(ProfileDigestsBackfill.class);

    @Inject
    ProfileStore profiles;

    void onStart(@Observes StartupEvent event) {
        int filled = profiles.fillMissingDigests();
        if (filled > 0) {
            LOG.infof("recorded the part digests of %d dataset profiles stored before they were kept", filled);
        }
    }
}
