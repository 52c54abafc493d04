package dev.parley.notification.email;

import dev.parley.notification.service.ReplyService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Receives replies by email over SMTP on the service's own port (127.0.0.1:2525 locally; a mail exchanger or the
 * provider's forwarding points at it). Each accepted message goes to {@link ReplyService}; a reply that fails its
 * checks is still accepted at the SMTP level (250) and only logged, so the sender's server does not retry it.
 */
@ApplicationScoped
public class InboundSmtpServer {
    private static final Logger LOG = Logger.getLogger(InboundSmtpServer.class);

    private final Config config;
    private final ReplyService replies;
    private SMTPServer server;

    @ConfigMapping(prefix = "parley.notification.inbound-smtp")
    public interface Config {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("2525")
        int port();

        @WithDefault("1048576")
        int maxMessageBytes();
    }

    public InboundSmtpServer(Config config, ReplyService replies) {
        this.config = config;
        this.replies = replies;
    }

    void start(@Observes StartupEvent startup) throws IOException {
        if (!config.enabled()) {
            return;
        }
        server = new SMTPServer(this::handler);
        server.setBindAddress(InetAddress.getByName(config.host()));
        server.setPort(config.port());
        server.setMaxMessageSize(config.maxMessageBytes());
        server.setMaxRecipients(20);
        server.setSoftwareName("Parley notification-service");
        server.start();
        LOG.infof("receiving replies by email over SMTP on %s:%d", config.host(), config.port());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (server != null) {
            server.stop();
        }
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            private final List<String> recipients = new ArrayList<>();

            @Override
            public void from(String from) {
            }

            @Override
            public void recipient(String recipient) {
                if (recipient == null || !recipient.toLowerCase().startsWith("reply+")) {
                    throw new RejectException(550, "5.1.1 no such mailbox");
                }
                recipients.add(recipient);
            }

            @Override
            public void data(InputStream data) throws IOException {
                byte[] raw = data.readNBytes(config.maxMessageBytes() + 1);
                if (raw.length > config.maxMessageBytes()) {
                    throw new RejectException(552, "5.3.4 message too big");
                }
                InboundEmail email;
                try {
                    email = InboundEmail.parse(raw, recipients);
                } catch (IllegalArgumentException e) {
                    LOG.warnf("unreadable email over SMTP rejected: %s", e.getMessage());
                    throw new RejectException(554, "5.6.0 unreadable message");
                }
                try {
                    replies.receive(email);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "reply %s could not be stored; asking the sender to retry", email.messageId());
                    throw new RejectException(451, "4.3.0 try again later");
                }
            }

            @Override
            public void done() {
            }
        };
    }
}
