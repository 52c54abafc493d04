package dev.parley.notification.rest;

import dev.parley.common.problem.ProblemException;
import dev.parley.notification.config.NotificationConfig;
import dev.parley.notification.email.InboundEmail;
import dev.parley.notification.service.ReplyService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Set;

/**
 * A mail provider's inbound webhook: the raw MIME of a reply, POSTed with a bearer token of an allowed service
 * account (client credentials of a Keycloak client in parley.notification.inbound-email.clients). Answers 200 with
 * the outcome for every readable email, accepted or rejected, so the provider does not retry a forged one.
 */
@Path("/api/v1/inbound-email")
public class InboundEmailResource {
    private final ReplyService replies;
    private final JsonWebToken token;
    private final Set<String> allowedClients;

    public InboundEmailResource(ReplyService replies, JsonWebToken token,
                                NotificationConfig config) {
        this.replies = replies;
        this.token = token;
        this.allowedClients = Set.copyOf(config.inboundEmail().clients());
    }

    public record Received(String outcome, String messageId) {
    }

    @POST
    @Consumes({"message/rfc822", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    public Received receive(byte[] raw) {
        String client = token.getClaim("azp");
        if (client == null || !allowedClients.contains(client)) {
            throw ProblemException.forbidden("only the mail provider's service account posts inbound email");
        }
        if (raw == null || raw.length == 0) {
            throw ProblemException.invalid("body", "the raw MIME of an email is required");
        }
        InboundEmail email;
        try {
            email = InboundEmail.parse(raw, List.of());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("body", "not a MIME email");
        }
        return new Received(replies.receive(email).name().toLowerCase().replace('_', '-'), email.messageId());
    }
}
