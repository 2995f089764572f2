using AiBudgetBot.Core.Analytics;

namespace AiBudgetBot.Core.Conversation.Commands;

/// <summary>
/// Every chat command, in the order help lists them. A lint test checks each has help text and
/// a handler in the host, so a word cannot be added here and silently do nothing.
/// </summary>
public static class CommandRegistry
{
    public const int MaxReasonLength = 500;

    public static readonly IReadOnlyList<CommandDefinition> All =
    [
        new(CommandVerbs.Help, [], "help", "Lists what I can do for you.", "help", CommandAudience.Everyone, (_, _) => new Parsed(new HelpCommand())),
        new(CommandVerbs.Budget, ["remaining"], "budget [team]", "Each pool: spent, limit, what is left, % used, month-end forecast.", "budget marketing", CommandAudience.Everyone, ReadBudget),
        new(CommandVerbs.Usage, [], "usage [team] [yyyy-MM]", "Spend by workflow, model tier and top users, with what drives it.", "usage marketing 2026-12", CommandAudience.Everyone, ReadUsage),
        new(CommandVerbs.Override, [], "override <amount> [<hours>h] <reason>", "Asks the budget owners for a temporary override.", "override $250 48h launch week campaign", CommandAudience.Everyone, ReadOverride),
        new(CommandVerbs.Increase, [], "increase <amount> <reason>", "Asks for a permanent budget increase (faster when ROI is proven).", "increase 1,000 support volume doubled", CommandAudience.Everyone, ReadIncrease),
        new(CommandVerbs.Outcome, [], $"outcome <{string.Join('|', OutcomeMetrics.All)}> <value> [workflow] [yyyy-MM]", "Records what the spend achieved (this month unless you name one), for ROI; a member's record counts once an owner confirms it.", "outcome hours-saved 120 campaign-copy", CommandAudience.Everyone, ReadOutcome),
        new(CommandVerbs.Graduate, [], "graduate <workflow> <reason>", "Asks to move a workflow that proved its ROI from the sandbox to production.", "graduate ticket-triage cut first response time by half", CommandAudience.Everyone, ReadGraduate),
        new(CommandVerbs.Pause, [], "pause <workflow>", "Stops a non-essential workflow (budget owners).", "pause video-render", CommandAudience.BudgetOwners, (a, d) => ReadWorkflow(a, d, w => new PauseCommand(w))),
        new(CommandVerbs.Resume, [], "resume <workflow>", "Restarts a paused workflow (budget owners).", "resume video-render", CommandAudience.BudgetOwners, (a, d) => ReadWorkflow(a, d, w => new ResumeCommand(w))),
        new(CommandVerbs.Accept, [], "accept", "Accepts the financial framework for your team (budget owners).", "accept", CommandAudience.BudgetOwners, ReadAccept),
        new(CommandVerbs.Link, [], "link <team>", "Binds this channel to a team: its alerts come here (admin, finance).", "link marketing", CommandAudience.AdminOrFinance, ReadLink),
    ];

    private static readonly Dictionary<string, CommandDefinition> ByWord = All
        .SelectMany(d => d.Aliases.Prepend(d.Verb).Select(word => (word, d)))
        .ToDictionary(x => x.word, x => x.d, StringComparer.OrdinalIgnoreCase);

    public static CommandDefinition? Find(string word) => ByWord.GetValueOrDefault(word);

    public static CommandDefinition Get(string verb) => ByWord[verb];

    /// <summary>The commands help shows to someone with these standings.</summary>
    public static IEnumerable<CommandDefinition> VisibleTo(bool ownsABudget, bool isAdminOrFinance) => All.Where(d => d.Audience switch
    {
        CommandAudience.BudgetOwners => ownsABudget,
        CommandAudience.AdminOrFinance => isAdminOrFinance,
        _ => true,
    });

    private static ParsedCommand ReadBudget(CommandArguments a, CommandDefinition d) => a.Count switch
    {
        0 => new Parsed(new BudgetCommand(null)),
        1 when CommandArguments.IsIdentifier(a[0]) => new Parsed(new BudgetCommand(a[0].ToLowerInvariant())),
        1 => d.Error($"'{a[0]}' is not a team id (letters, digits, '-', '_')."),
        _ => d.Error("Name at most one team."),
    };

    private static ParsedCommand ReadUsage(CommandArguments a, CommandDefinition d)
    {
        if (a.Count > 2)
        {
            return d.Error("Too many words.");
        }

        string? team = null;
        string? month = null;
        foreach (var word in a.Words)
        {
            if (CommandArguments.IsMonth(word) && month is null)
            {
                month = word;
            }
            else if (!word.Contains('-', StringComparison.Ordinal) || !char.IsAsciiDigit(word[0]))
            {
                if (team is not null || !CommandArguments.IsIdentifier(word))
                {
                    return d.Error($"'{word}' is neither a team id nor a month.");
                }

                team = word.ToLowerInvariant();
            }
            else
            {
                return d.Error($"'{word}' is not a month; write it as yyyy-MM.");
            }
        }

        return new Parsed(new UsageCommand(team, month));
    }

    private static ParsedCommand ReadOverride(CommandArguments a, CommandDefinition d)
    {
        if (a.Count == 0 || CommandArguments.Amount(a[0]) is not { } amount)
        {
            return d.Error(a.Count == 0 ? "Say how much." : $"'{a[0]}' is not an amount.");
        }

        var reasonStart = 1;
        int? hours = null;
        if (a.Count > 1 && CommandArguments.Hours(a[1]) is { } h)
        {
            if (h is < 1 or > 720)
            {
                return d.Error("An override lasts between 1h and 720h.");
            }

            hours = h;
            reasonStart = 2;
        }

        return ReadReason(a, reasonStart) is { } reason
            ? new Parsed(new OverrideCommand(amount, hours, reason))
            : d.Error(ReasonProblem(a, reasonStart));
    }

    private static ParsedCommand ReadIncrease(CommandArguments a, CommandDefinition d)
    {
        if (a.Count == 0 || CommandArguments.Amount(a[0]) is not { } amount)
        {
            return d.Error(a.Count == 0 ? "Say how much." : $"'{a[0]}' is not an amount.");
        }

        return ReadReason(a, 1) is { } reason ? new Parsed(new IncreaseCommand(amount, reason)) : d.Error(ReasonProblem(a, 1));
    }

    private static ParsedCommand ReadOutcome(CommandArguments a, CommandDefinition d)
    {
        const string Form = "Name a metric and a value, and optionally the workflow and the month (yyyy-MM).";
        if (a.Count is < 2 or > 4)
        {
            return d.Error(Form);
        }

        var metric = a[0].ToLowerInvariant();
        if (!OutcomeMetrics.All.Contains(metric))
        {
            return d.Error($"'{a[0]}' is not a metric I record.");
        }

        if (CommandArguments.Number(a[1]) is not { } value)
        {
            return d.Error($"'{a[1]}' is not a number.");
        }

        if (value < 0m && !OutcomeMetrics.AllowsNegative(metric))
        {
            return d.Error($"{metric} cannot be negative.");
        }

        // After the value: a workflow, a month (yyyy-MM, for a month already over), or both, in any order.
        string? workflow = null;
        string? month = null;
        for (var i = 2; i < a.Count; i++)
        {
            if (OutcomeRules.ParseMonth(a[i]) is not null)
            {
                if (month is not null)
                {
                    return d.Error(Form);
                }

                month = a[i];
            }
            else if (workflow is not null)
            {
                return d.Error(Form);
            }
            else if (!CommandArguments.IsIdentifier(a[i]))
            {
                return d.Error($"'{a[i]}' is not a workflow id.");
            }
            else
            {
                workflow = a[i].ToLowerInvariant();
            }
        }

        return new Parsed(new OutcomeCommand(metric, value, workflow, month));
    }

    private static ParsedCommand ReadGraduate(CommandArguments a, CommandDefinition d)
    {
        if (a.Count == 0 || !CommandArguments.IsIdentifier(a[0]))
        {
            return d.Error(a.Count == 0 ? "Name the workflow." : $"'{a[0]}' is not a workflow id.");
        }

        return ReadReason(a, 1) is { } reason ? new Parsed(new GraduateCommand(a[0].ToLowerInvariant(), reason)) : d.Error(ReasonProblem(a, 1));
    }

    private static ParsedCommand ReadWorkflow(CommandArguments a, CommandDefinition d, Func<string, ChatCommand> make) => a.Count switch
    {
        0 => d.Error("Name the workflow."),
        1 when CommandArguments.IsIdentifier(a[0]) => new Parsed(make(a[0].ToLowerInvariant())),
        1 => d.Error($"'{a[0]}' is not a workflow id."),
        _ => d.Error("Name one workflow."),
    };

    private static ParsedCommand ReadAccept(CommandArguments a, CommandDefinition d) =>
        a.Count == 0 ? new Parsed(new AcceptCommand()) : d.Error("**accept** takes no other words; it accepts the framework for this channel's team.");

    private static ParsedCommand ReadLink(CommandArguments a, CommandDefinition d) => a.Count switch
    {
        1 when CommandArguments.IsIdentifier(a[0]) => new Parsed(new LinkCommand(a[0].ToLowerInvariant())),
        1 => d.Error($"'{a[0]}' is not a team id."),
        0 => d.Error("Name the team."),
        _ => d.Error("Name one team."),
    };

    private static string? ReadReason(CommandArguments a, int start)
    {
        var reason = a.Rest(start);
        return reason.Length is > 0 and <= MaxReasonLength ? reason : null;
    }

    private static string ReasonProblem(CommandArguments a, int start) =>
        a.Rest(start).Length == 0 ? "Say why: the owners decide on the reason." : $"Keep the reason under {MaxReasonLength} characters.";
}
