using AiBudgetBot.Core.Budgets;
using AiBudgetBot.Core.Conversation;
using AiBudgetBot.Core.Conversation.Commands;

namespace AiBudgetBot.Chat;

/// <summary>
/// The approvals side of chat: asking for money and deciding on it. Chat parses the words,
/// resolves the person and the team, and hands over here; the implementation owns requests,
/// who may decide, ETag-conditioned decisions and the cards with approve/deny buttons.
/// Until one is registered (<c>services.AddSingleton&lt;IRequestCommands, …&gt;()</c>), chat
/// answers that requests are not enabled yet and names the team's owners.
/// </summary>
public interface IRequestCommands
{
    /// <summary><c>override &lt;amount&gt; [&lt;hours&gt;h] &lt;reason&gt;</c>: ask the team's owners for a temporary override.</summary>
    Task<OutgoingMessage> RequestOverrideAsync(RequestContext context, OverrideCommand command, CancellationToken cancellationToken);

    /// <summary><c>increase &lt;amount&gt; &lt;reason&gt;</c>: ask for a permanent increase (expedited when ROI qualifies).</summary>
    Task<OutgoingMessage> RequestIncreaseAsync(RequestContext context, IncreaseCommand command, CancellationToken cancellationToken);

    /// <summary><c>graduate &lt;workflow&gt; &lt;reason&gt;</c>: ask to move a sandbox workflow to the production budget.</summary>
    Task<OutgoingMessage> RequestGraduationAsync(RequestContext context, GraduateCommand command, CancellationToken cancellationToken);

    /// <summary><c>accept</c>: the sender accepts the financial framework for the team (only an owner may).</summary>
    Task<OutgoingMessage> AcceptFrameworkAsync(RequestContext context, CancellationToken cancellationToken);

    /// <summary>
    /// A click on approve, deny, accept-framework or request-increase. <paramref name="subjectId"/>
    /// is whatever the implementation put on its buttons (a request id; a team id for
    /// accept-framework / request-increase); everything else is read from the store.
    /// </summary>
    Task<ActionOutcome> HandleActionAsync(ActionContext context, string verb, string subjectId, CancellationToken cancellationToken);
}

/// <summary>A request command from a known person about a resolved team (they are a member, owner, finance or admin).</summary>
/// <param name="Directory">The directory as it was when the message arrived (owners, people, pools).</param>
public sealed record RequestContext(ChatSender Sender, Person Person, Team Team, BudgetDirectory Directory);

/// <summary>A click from a known person; the team is whatever the subject belongs to.</summary>
public sealed record ActionContext(ChatSender Sender, Person Person, BudgetDirectory Directory);
