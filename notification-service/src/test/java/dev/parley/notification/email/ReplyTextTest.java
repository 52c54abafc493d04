package dev.parley.notification.email;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReplyTextTest {

    @Test
    void gmailQuoteIsStripped() {
        assertEquals("Friday at 10 works for me.", ReplyText.strip("""
                Friday at 10 works for me.

                On Sun, 22 Nov 2026 at 10:15, Salon Bella <reply+abc@reply.parley.local> wrote:
                > You have 1 unread message
                > Can you come on Friday?
                """));
    }

    @Test
    void aLongAttributionBrokenOverTwoLinesIsStripped() {
        assertEquals("Yes please", ReplyText.strip("""
                Yes please

                On Sun, 22 Nov 2026 at 10:15, Salon Bella <
                reply+abc@reply.parley.local> wrote:
                > quoted
                """));
    }

    @Test
    void signaturesAreStripped() {
        assertEquals("See you then", ReplyText.strip("See you then\n-- \nCarla Rossi\nAcme Ltd\n"));
        assertEquals("Thanks!", ReplyText.strip("Thanks!\n\nSent from my iPhone\n\n> old text"));
        assertEquals("Ok", ReplyText.strip("Ok\r\n\r\nGet Outlook for Android\r\n"));
    }

    @Test
    void outlookHeaderBlockIsStripped() {
        assertEquals("Confirmed.", ReplyText.strip("""
                Confirmed.

                From: Salon Bella <reply+abc@reply.parley.local>
                Sent: Sunday, November 22, 2026 10:15 AM
                To: Carla
                Subject: 1 unread message in Salon Bella

                You have 1 unread message
                """));
        assertEquals("Fine", ReplyText.strip("Fine\n-----Original Message-----\nFrom: x\nold"));
        assertEquals("Fine", ReplyText.strip("Fine\n________________________________\nFrom: x\nold"));
    }

    @Test
    void inlineAnswersKeepTheirOwnLinesOnly() {
        assertEquals("Yes, Friday.\n\nNo parking needed.", ReplyText.strip("""
                > Can you come on Friday?
                Yes, Friday.

                > Do you need parking?
                No parking needed.
                """));
    }

    @Test
    void ordinaryTextIsKeptWhole() {
        String text = "Line one\nFrom: the garden, I wrote this\n\nOn reflection, yes.";
        assertEquals(text, ReplyText.strip(text));
        assertEquals("", ReplyText.strip(null));
        assertEquals("", ReplyText.strip("> only a quote"));
    }
}
