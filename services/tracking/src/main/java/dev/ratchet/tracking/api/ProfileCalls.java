package dev.ratchet.tracking.api;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.common.grpc.Requests;
import dev.ratchet.tracking.profile.ProfileStore;
import dev.ratchet.tracking.v1.GetDatasetProfileRequest;
import dev.ratchet.tracking.v1.GetDatasetProfileResponse;
import dev.ratchet.tracking.v1.ListDatasetProfilesRequest;
import dev.ratchet.tracking.v1.ListDatasetProfilesResponse;
import dev.ratchet.tracking.v1.SaveDatasetProfileRequest;
import dev.ratchet.tracking.v1.SaveDatasetProfileResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Dataset profiles: stored by the evaluation service, found by key or content digest. The gRPC
 * face routes their calls here: requests checked, the work delegated, results mapped.
 */
@ApplicationScoped
class ProfileCalls {
    @Inject
    ProfileStore profiles;

    SaveDatasetProfileResponse saveDatasetProfile(SaveDatasetProfileRequest request) {
        return SaveDatasetProfileResponse.newBuilder()
                .setProfile(profiles.save(request.getProfile()))
                .build();
    }

    GetDatasetProfileResponse getDatasetProfile(GetDatasetProfileRequest request) {
        return GetDatasetProfileResponse.newBuilder()
                .setProfile(profiles.find(request.getKey())
                        .orElseThrow(() -> ApiException.notFound(
                                "no profile with key " + request.getKey() + "; ProfileDataset computes and stores it")))
                .build();
    }

    ListDatasetProfilesResponse listDatasetProfiles(ListDatasetProfilesRequest request) {
        return ListDatasetProfilesResponse.newBuilder()
                .addAllProfiles(profiles.withDigest(
                        Requests.text("digest", request.getDigest(), TrackingGrpcService.MAX_DIGEST_LENGTH),
                        Requests.pageSize("max_results", request.getMaxResults(), 20, 100)))
                .build();
    }
}
