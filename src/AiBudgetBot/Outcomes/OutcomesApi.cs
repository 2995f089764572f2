using AiBudgetBot.Http;
using AiBudgetBot.Core.Analytics;
using AiBudgetBot.Core.Requests;
using AiBudgetBot.Organization;
using AiBudgetBot.Storage;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Outcomes;

/// <summary>
/// <c>POST /api/v1/outcomes</c> (an ingestion key or the admin key: scripts and teams record what
/// the spend achieved) and <c>GET /api/v1/teams/{teamId}/roi?month=yyyy-MM</c> (admin: finance reads
/// spend next to value, the verdict and whether an increase would be expedited today).
/// </summary>
public static class OutcomesApi
{
    public static IEndpointRouteBuilder MapOutcomesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1").AddEndpointFilter(new ApiKeyFilter(ApiScope.Ingestion))
            .MapPost("/outcomes", RecordAsync);
        app.MapGroup("/api/v1").AddEndpointFilter(new ApiKeyFilter(ApiScope.Admin))
            .MapGet("/teams/{teamId}/roi", RoiAsync);
        return app;
    }

    private static async Task<IResult> RecordAsync(OutcomeDto? body, OutcomeService outcomes, HttpContext http, TimeProvider time, CancellationToken ct)
    {
        var missing = new List<string>();
        if (body is null)
        {
            return Problems.BadRequest("Send a JSON object: { \"team\", \"workflow\"?, \"month\": \"yyyy-MM\", \"metric\", \"value\", \"unit\"?, \"baseline\"?, \"note\"? }.");
        }

        if (string.IsNullOrWhiteSpace(body.Team))
        {
            missing.Add("team is required.");
        }

        if (string.IsNullOrWhiteSpace(body.Month))
        {
            missing.Add("month is required (yyyy-MM).");
        }

        if (string.IsNullOrWhiteSpace(body.Metric))
        {
            missing.Add($"metric is required (one of {string.Join(", ", OutcomeMetrics.All)}).");
        }

        if (body.Value is null)
        {
            missing.Add("value is required.");
        }

        if (missing.Count > 0)
        {
            return Problems.Invalid(missing);
        }

        var caller = http.Items[ApiKeyFilter.CallerItem] as string ?? "unknown";
        var outcome = new Outcome(
            body.Team!.Trim(),
            body.Month!.Trim(),
            string.IsNullOrWhiteSpace(body.Workflow) ? null : body.Workflow.Trim().ToLowerInvariant(),
            body.Metric!.Trim().ToLowerInvariant(),
            body.Value!.Value,
            "api:" + caller,
            time.GetUtcNow(),
            string.IsNullOrWhiteSpace(body.Unit) ? null : body.Unit.Trim(),
            body.Baseline,
            string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim());
        try
        {
            var result = await outcomes.RecordAsync(outcome, "api:" + caller, ct);
            return result switch
            {
                { NotFound: true } => Problems.NotFound(result.Errors[0]),
                { Succeeded: false } => Problems.Invalid(result.Errors),
                _ => Results.Ok(OutcomeShapes.From(result.Outcome!)),
            };
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e))
        {
            return Problems.Unavailable("The outcome could not be stored; nothing was recorded. Retry shortly.");
        }
    }

    private static async Task<IResult> RoiAsync(string teamId, string? month, ITeamRoi roi, OutcomeService outcomes, IExpeditePolicy expedite, IOptions<OutcomesOptions> options, IOptions<OrganizationOptions> organization, CancellationToken ct)
    {
        var current = outcomes.CurrentMonth();
        month = string.IsNullOrWhiteSpace(month) ? current : month.Trim();
        if (OutcomeRules.ParseMonth(month) is null)
        {
            return Problems.BadRequest($"month '{month}' must be yyyy-MM, e.g. ?month={current}.");
        }

        if (string.CompareOrdinal(month, current) > 0)
        {
            return Problems.BadRequest($"month {month} is in the future; ask for {current} or an earlier month.");
        }

        try
        {
            if (await roi.ForTeamAsync(teamId, month, ct) is not { } report)
            {
                return Problems.NotFound($"Team '{teamId}' does not exist.");
            }

            var assessment = await expedite.AssessAsync(report.TeamId, ct);
            return Results.Ok(OutcomeShapes.From(report, assessment, options.Value.For(report.TeamId), organization.Value.Currency));
        }
        catch (Exception e) when (StoreFailures.IsUnavailable(e))
        {
            return Problems.Unavailable("The budget store could not be read. Retry shortly.");
        }
    }
}
