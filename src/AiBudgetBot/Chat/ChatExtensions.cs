using AiBudgetBot.Core.Conversation;

namespace AiBudgetBot.Chat;

/// <summary>The chat area: <c>builder.AddChat()</c>. Teams and Slack call <see cref="IChatHandler"/>; this is it.</summary>
public static class ChatExtensions
{
    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<UsageReport>();

        services.AddSingleton<IChatCommandHandler, HelpCommandHandler>();
        services.AddSingleton<IChatCommandHandler, BudgetCommandHandler>();
        services.AddSingleton<UsageCommandHandler>();
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<UsageCommandHandler>());
        services.AddSingleton<IChatActionHandler>(sp => sp.GetRequiredService<UsageCommandHandler>());
        services.AddSingleton<PauseCommandHandler>();
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<PauseCommandHandler>());
        services.AddSingleton<IChatActionHandler>(sp => sp.GetRequiredService<PauseCommandHandler>());
        // outcome: registered by the outcomes area (Outcomes/OutcomeChatHandler).
        services.AddSingleton<IChatCommandHandler, LinkCommandHandler>();
        // Requests: forwarded to IRequestCommands when the approvals area registers one.
        services.AddSingleton<RequestCommandHandler>();
        services.AddSingleton<IChatCommandHandler>(sp => sp.GetRequiredService<RequestCommandHandler>());
        services.AddSingleton<IChatActionHandler>(sp => sp.GetRequiredService<RequestCommandHandler>());

        services.AddSingleton<ChatHandler>();
        services.AddSingleton<IChatHandler>(sp => sp.GetRequiredService<ChatHandler>());
        return builder;
    }
}
