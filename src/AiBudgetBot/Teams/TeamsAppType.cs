namespace AiBudgetBot.Teams;

/// <summary>How the bot's Entra app registration is set up; decides where outbound tokens come from.</summary>
public enum TeamsAppType
{
    MultiTenant,
    SingleTenant,
}
