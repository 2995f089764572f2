namespace AiBudgetBot.Core.Conversation.Commands;

/// <summary>A chat message understood: one of the contract's command words with its typed arguments.</summary>
public abstract record ChatCommand(string Verb);

public sealed record HelpCommand() : ChatCommand(CommandVerbs.Help);

/// <param name="TeamId">The team asked about; null means "the team of this channel, or mine".</param>
public sealed record BudgetCommand(string? TeamId) : ChatCommand(CommandVerbs.Budget);

/// <param name="Month">"yyyy-MM"; null means the current month.</param>
public sealed record UsageCommand(string? TeamId, string? Month) : ChatCommand(CommandVerbs.Usage);

/// <param name="Hours">How long the override lasts; null leaves it to the approvals policy.</param>
public sealed record OverrideCommand(decimal Amount, int? Hours, string Reason) : ChatCommand(CommandVerbs.Override);

public sealed record IncreaseCommand(decimal Amount, string Reason) : ChatCommand(CommandVerbs.Increase);

/// <param name="Metric">One of <see cref="Analytics.OutcomeMetrics.All"/>.</param>
/// <param name="Month">"yyyy-MM" of an earlier month; null means the current month.</param>
public sealed record OutcomeCommand(string Metric, decimal Value, string? Workflow, string? Month = null) : ChatCommand(CommandVerbs.Outcome);

public sealed record PauseCommand(string Workflow) : ChatCommand(CommandVerbs.Pause);

public sealed record ResumeCommand(string Workflow) : ChatCommand(CommandVerbs.Resume);

/// <summary>Binds the conversation the message came from to a team (admin or finance).</summary>
public sealed record LinkCommand(string TeamId) : ChatCommand(CommandVerbs.Link);

/// <summary>Asks to move a workflow that proved its ROI from the sandbox to the production budget.</summary>
public sealed record GraduateCommand(string Workflow, string Reason) : ChatCommand(CommandVerbs.Graduate);

/// <summary>A budget owner accepts the financial framework for the team (onboarding).</summary>
public sealed record AcceptCommand() : ChatCommand(CommandVerbs.Accept);
