package dev.parley.notification.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a person wrote in an email reply, without what their mail program added: the quoted original ("On … wrote:"
 * and the lines after it, "&gt;" lines, Outlook's "-----Original Message-----" or "From: … Sent: …" header block) and
 * their signature ("-- " and everything under it, "Sent from my iPhone" and the like). Pure.
 */
public final class ReplyText {
    private static final Pattern ATTRIBUTION = Pattern.compile(
            "^(on\\s.+wrote:|le\\s.+a écrit\\s?:|am\\s.+schrieb.*:|el\\s.+escribió:|op\\s.+schreef.*:)$",
            Pattern.CASE_INSENSITIVE);
    /** Gmail breaks a long attribution over two lines: "On Mon, 3 Nov 2026 at 10:15, Parley &lt;" / "reply+…&gt; wrote:". */
    private static final Pattern ATTRIBUTION_START = Pattern.compile("^on\\s.+\\d.*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
            "^-{2,}\\s*(original message|forwarded message|ursprüngliche nachricht|message d'origine)\\s*-{2,}$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLOOK_FROM = Pattern.compile("^\\*?(from|von|de):\\*?\\s.+", Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLOOK_FIELD = Pattern.compile("^\\*?(sent|date|to|subject|gesendet|envoyé|an|à|objet|betreff):\\*?\\s.*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MOBILE_SIGNATURE = Pattern.compile(
            "^(sent from my .+|sent from (outlook|mail|yahoo mail).*|get outlook for .+|envoyé de mon .+|von meinem .+ gesendet)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern UNDERSCORES = Pattern.compile("^_{5,}$");

    private ReplyText() {
    }

    public static String strip(String body) {
        if (body == null) {
            return "";
        }
        String[] lines = body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (line.equals("-- ") || line.equals("--") || ORIGINAL_MESSAGE.matcher(trimmed).matches()
                    || UNDERSCORES.matcher(trimmed).matches() || MOBILE_SIGNATURE.matcher(trimmed).matches()
                    || ATTRIBUTION.matcher(trimmed).matches()) {
                break;
            }
            if (ATTRIBUTION_START.matcher(trimmed).matches() && i + 1 < lines.length
                    && ATTRIBUTION.matcher(trimmed + " " + lines[i + 1].strip()).matches()) {
                break;
            }
            if (OUTLOOK_FROM.matcher(trimmed).matches() && i + 1 < lines.length
                    && OUTLOOK_FIELD.matcher(lines[i + 1].strip()).matches()) {
                break;
            }
            if (trimmed.startsWith(">")) {
                continue; // inline quoting: drop the quoted lines, keep what was written between them
            }
            kept.add(line.stripTrailing());
        }
        return String.join("\n", kept).strip();
    }
}
