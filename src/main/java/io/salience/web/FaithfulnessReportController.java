package io.salience.web;

import io.salience.reports.FaithfulnessReports;
import io.salience.reports.ReportRequest;
import io.salience.reports.ReportView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Faithfulness reports", description = "How faithful each explanation method is over many test images, computed in the background")
public class FaithfulnessReportController {

    private static final String PNG = "image/png";

    private final FaithfulnessReports reports;

    public FaithfulnessReportController(FaithfulnessReports reports) {
        this.reports = reports;
    }

    @PostMapping("/api/checkpoints/{id}/faithfulness-reports")
    @Operation(summary = "Start a report (202 and Location); an equal request for the same checkpoint version returns the existing report")
    @ApiResponse(responseCode = "202", description = "queued or running; Location names the report")
    @ApiResponse(responseCode = "200", description = "an equal report exists and has finished")
    public ResponseEntity<ReportView> submit(@PathVariable("id") long id,
            @RequestBody(required = false) ReportRequest request) {
        ReportView view = reports.submit(id, request);
        return ResponseEntity.status(view.status().finished() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .location(URI.create("/api/faithfulness-reports/" + view.id())).body(view);
    }

    @GetMapping("/api/checkpoints/{id}/faithfulness-reports")
    @Operation(summary = "A checkpoint's reports, newest first")
    public List<ReportView> list(@PathVariable("id") long id, @RequestParam(name = "page", defaultValue = "0") int page,
            @RequestParam(name = "size", defaultValue = "20") int size) {
        return reports.ofCheckpoint(id, Math.max(0, page), Math.max(1, Math.min(size, 100)));
    }

    @GetMapping("/api/faithfulness-reports/{id}")
    @Operation(summary = "A report: status, progress, and per method the mean ROAD, deletion and insertion scores and curves, with the random map's")
    public ReportView get(@PathVariable("id") long reportId) {
        return reports.get(reportId);
    }

    @GetMapping("/api/faithfulness-reports/{id}.png")
    @Operation(summary = "The report's mean MoRF and LeRF curves per method against the random map")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> chart(@PathVariable("id") long reportId) {
        return PngResponses.png(reports.chart(reportId));
    }

    @PostMapping("/api/faithfulness-reports/{id}/cancel")
    @Operation(summary = "Stop a report before its next step of ten images; its scores so far stay")
    public ReportView cancel(@PathVariable("id") long reportId) {
        return reports.cancel(reportId);
    }
}
