package dev.parley.conversation.rest;

import dev.parley.common.problem.ProblemException;
import dev.parley.conversation.MessageAttachment;
import dev.parley.conversation.service.AttachmentService;
import dev.parley.conversation.service.Callers;
import dev.parley.conversation.service.FileNames;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.InputStream;
import java.net.URI;
import java.util.UUID;

/**
 * /api/v1/workspaces/{ws}/attachments: multipart upload (part {@code file}; the HTTP layer spools it to a
 * temporary file, from which it streams into the store), and download by id.
 */
@Path("/api/v1/workspaces/{workspaceId}/attachments")
public class AttachmentResource {
    private final Callers callers;
    private final AttachmentService attachments;

    public AttachmentResource(Callers callers, AttachmentService attachments) {
        this.callers = callers;
        this.attachments = attachments;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@PathParam("workspaceId") UUID workspaceId, @RestForm("file") FileUpload file) {
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.invalid("file", "a multipart part named file is required");
        }
        MessageAttachment stored = attachments.upload(callers.in(workspaceId), file.fileName(), file.uploadedFile());
        return Response.created(URI.create(stored.url())).entity(stored).build();
    }

    /**
     * The bytes with the detected type, always as a download ({@code Content-Disposition: attachment}), never
     * sniffed into something else and sandboxed should a browser open it anyway.
     */
    @GET
    @Path("/{attachmentId}")
    public Response download(@PathParam("workspaceId") UUID workspaceId, @PathParam("attachmentId") UUID attachmentId) {
        AttachmentService.Download download = attachments.download(callers.in(workspaceId), attachmentId);
        StreamingOutput body = out -> {
            try (InputStream in = download.content()) {
                in.transferTo(out);
            }
        };
        MessageAttachment attachment = download.attachment();
        return Response.ok(body, attachment.contentType())
                .header("Content-Length", attachment.size())
                .header("Content-Disposition", FileNames.contentDisposition(attachment.fileName()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("Cache-Control", "private, no-store")
                .build();
    }
}
