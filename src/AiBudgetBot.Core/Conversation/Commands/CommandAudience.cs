namespace AiBudgetBot.Core.Conversation.Commands;

/// <summary>Who a command is for: <c>help</c> lists a command only to people who may use it.</summary>
public enum CommandAudience
{
    Everyone,

    /// <summary>People who own at least one team's budget.</summary>
    BudgetOwners,

    /// <summary>People with the admin or finance role.</summary>
    AdminOrFinance,
}
