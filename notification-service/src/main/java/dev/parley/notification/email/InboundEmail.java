package dev.parley.notification.email;

import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The parts of an inbound email a reply needs: who sent it, to which addresses, its Message-ID and its text. */
public record InboundEmail(String from, Set<String> recipients, String messageId, String text) {

    /**
     * Parses raw MIME. {@code envelopeRecipients} (SMTP RCPT TO) come first; To, Cc, Delivered-To and X-Original-To
     * are added. Without a Message-ID the email's SHA-256 stands in, so the same email delivered twice still has
     * one id. Throws IllegalArgumentException for what is not an email.
     */
    public static InboundEmail parse(byte[] raw, List<String> envelopeRecipients) {
        Message message;
        try {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
            message = builder.parseMessage(new ByteArrayInputStream(raw));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a MIME message: " + e.getMessage(), e);
        }
        try {
            MailboxList from = message.getFrom();
            String sender = from == null || from.isEmpty() ? null : from.get(0).getAddress();
            Set<String> recipients = new LinkedHashSet<>(envelopeRecipients == null ? List.of() : envelopeRecipients);
            addAll(recipients, message.getTo());
            addAll(recipients, message.getCc());
            for (String name : List.of("Delivered-To", "X-Original-To")) {
                for (Field field : message.getHeader().getFields(name)) {
                    recipients.add(field.getBody().strip());
                }
            }
            String messageId = message.getMessageId();
            if (messageId == null || messageId.isBlank()) {
                messageId = "<sha256-" + sha256(raw) + "@parley.inbound>";
            }
            String text = text(message);
            if (sender == null && text == null) {
                throw new IllegalArgumentException("no sender and no text");
            }
            return new InboundEmail(sender, recipients, messageId.strip(), text == null ? "" : text);
        } finally {
            message.dispose();
        }
    }

    private static void addAll(Set<String> recipients, AddressList addresses) {
        if (addresses == null) {
            return;
        }
        for (Address address : addresses) {
            if (address instanceof Mailbox mailbox) {
                recipients.add(mailbox.getAddress());
            } else {
                addresses.flatten().forEach(m -> recipients.add(m.getAddress()));
            }
        }
    }

    /** The first text/plain part; failing that, the first text/html part with its tags removed. */
    private static String text(Entity entity) {
        List<Entity> leaves = new ArrayList<>();
        collect(entity, leaves);
        for (String wanted : List.of("text/plain", "text/html")) {
            for (Entity leaf : leaves) {
                if (wanted.equalsIgnoreCase(leaf.getMimeType()) && leaf.getBody() instanceof TextBody body
                        && !"attachment".equalsIgnoreCase(leaf.getDispositionType())) {
                    String content = read(body);
                    return wanted.equals("text/plain") ? content : htmlToText(content);
                }
            }
        }
        return null;
    }

    private static void collect(Entity entity, List<Entity> leaves) {
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            multipart.getBodyParts().forEach(part -> collect(part, leaves));
        } else {
            leaves.add(entity);
        }
    }

    private static String read(TextBody body) {
        try (Reader reader = body.getReader()) {
            StringWriter out = new StringWriter();
            reader.transferTo(out);
            return out.toString();
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable text part", e);
        }
    }

    static String htmlToText(String html) {
        return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", "")
                .replaceAll("(?is)<blockquote.*?</blockquote>", "\n")
                .replaceAll("(?i)<br\\s*/?>|</p>|</div>", "\n")
                .replaceAll("<[^>]+>", "")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String raw) {
        return raw.getBytes(StandardCharsets.UTF_8);
    }
}
