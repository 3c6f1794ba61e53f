package dev.ratchet.tracking.profile;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.profiles.ProfileKeys;
import dev.ratchet.events.v1.DataProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Dataset profiles by key. The key is derived from the content, so the first profile stored under
 * it is the one kept: a second evaluation replica profiling the same files concurrently loses the
 * race harmlessly and gets the stored one back.
 */
@ApplicationScoped
public class DatasetProfiles {
    /** Far above a profile of hundreds of columns; the gRPC message limit is 4 MiB anyway. */
    private static final int MAX_BYTES = 4 << 20;

    @Inject
    EntityManager entityManager;

    @Transactional
    public DataProfile save(DataProfile profile) {
        String key = ProfileKeys.check(profile.getKey());
        if (profile.getPartsCount() == 0) {
            throw ApiException.invalidArgument("the profile has no parts; profile at least one file");
        }
        byte[] bytes = profile.toByteArray();
        if (bytes.length > MAX_BYTES) {
            throw ApiException.invalidArgument("the profile has " + bytes.length + " bytes, more than " + MAX_BYTES);
        }
        entityManager.createNativeQuery("""
                        insert into dataset_profile (profile_key, profile, created_at) values (?1, ?2, ?3)
                        on conflict (profile_key) do nothing""")
                .setParameter(1, key).setParameter(2, bytes).setParameter(3, Instant.now())
                .executeUpdate();
        return find(key).orElseThrow();
    }

    @Transactional
    public Optional<DataProfile> find(String key) {
        List<?> rows = entityManager.createNativeQuery("select profile from dataset_profile where profile_key = ?1")
                .setParameter(1, ProfileKeys.check(key)).getResultList();
        try {
            return rows.isEmpty() ? Optional.empty() : Optional.of(DataProfile.parseFrom((byte[]) rows.get(0)));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("profile " + key + " is stored corrupt", e);
        }
    }
}
