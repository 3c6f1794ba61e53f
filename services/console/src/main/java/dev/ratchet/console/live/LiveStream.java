package dev.ratchet.console.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;

/**
 * Server-sent events for a page that is open: a run's new points and its end, a study's trials and
 * its end. A comment every 15 s keeps proxies from closing an idle stream.
 */
@Path("/live")
public class LiveStream {
    @Inject
    LiveEvents live;

    @Inject
    ObjectMapper json;

    @Context
    Sse sse;

    @GET
    @Path("/runs/{id}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> run(@PathParam("id") String runId) {
        return stream(runId);
    }

    @GET
    @Path("/studies/{id}")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> study(@PathParam("id") String studyId) {
        return stream(studyId);
    }

    private Multi<OutboundSseEvent> stream(String subject) {
        Multi<OutboundSseEvent> events = live.about(subject)
                .map(e -> sse.newEventBuilder()
                        .name(e.kind())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(String.class, toJson(e.data()))
                        .build());
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom()
                .ticks()
                .every(Duration.ofSeconds(15))
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(events, keepAlive);
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("live event not serialisable", e);
        }
    }
}
