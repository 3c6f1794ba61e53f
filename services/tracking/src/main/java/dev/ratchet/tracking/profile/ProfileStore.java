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
import java.util.stream.Collectors;

/**
 * Dataset profiles by key. The key is derived from the content, so the first profile stored under
 * it is the one kept: a second evaluation replica profiling the same files concurrently loses the
 * race harmlessly and gets the stored one back.
 */
@ApplicationScoped
public class ProfileStore {
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
        entityManager
                .createNativeQuery("""
                        insert into dataset_profile (profile_key, profile, created_at, part_digests)
                        values (?1, ?2, ?3, cast(?4 as text[])) on conflict (profile_key) do nothing""")
                .setParameter(1, key)
                .setParameter(2, bytes)
                .setParameter(3, Instant.now())
                .setParameter(4, digestArray(profile))
                .executeUpdate();
        return find(key).orElseThrow();
    }

    @Transactional
    public Optional<DataProfile> find(String key) {
        List<?> rows = entityManager
                .createNativeQuery("select profile from dataset_profile where profile_key = ?1")
                .setParameter(1, ProfileKeys.check(key))
                .getResultList();
        return rows.stream().map(row -> parse(key, (byte[]) row)).findFirst();
    }

    /** The profiles with a part of this content digest, newest first. */
    @Transactional
    public List<DataProfile> withDigest(String digest, int maxResults) {
        List<?> rows = entityManager
                .createNativeQuery("""
                        select profile_key, profile from dataset_profile
                        where part_digests @> array[cast(?1 as text)] order by created_at desc, profile_key limit ?2""", Object[].class)
                .setParameter(1, digest)
                .setParameter(2, maxResults)
                .getResultList();
        return rows.stream()
                .map(row -> (Object[]) row)
                .map(row -> parse((String) row[0], (byte[]) row[1]))
                .toList();
    }

    /** Fills in the part digests of profiles stored before they were recorded; returns how many. */
    @Transactional
    public int fillMissingDigests() {
        List<?> rows = entityManager
                .createNativeQuery(
                        "select profile_key, profile from dataset_profile where part_digests is null", Object[].class)
                .getResultList();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            entityManager
                    .createNativeQuery(
                            "update dataset_profile set part_digests = cast(?1 as text[]) where profile_key = ?2")
                    .setParameter(1, digestArray(parse((String) columns[0], (byte[]) columns[1])))
                    .setParameter(2, columns[0])
                    .executeUpdate();
        }
        return rows.size();
    }

    /** The parts' digests as a PostgreSQL array literal, each quoted (a digest is whatever the client sent). */
    private static String digestArray(DataProfile profile) {
        return profile.getPartsList().stream()
                .map(part -> '"' + part.getDigest().replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .distinct()
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static DataProfile parse(String key, byte[] bytes) {
        try {
            return DataProfile.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("profile " + key + " is stored corrupt", e);
        }
    }
}
