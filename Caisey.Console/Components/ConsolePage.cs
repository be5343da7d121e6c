using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace Caisey.Console.Components;

/// <summary>A console page: rendered on the server for a signed-in user (ConsoleExtensions sends everyone else to the login page).</summary>
public abstract class ConsolePage : ComponentBase
{
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    protected ConsoleUser User => ConsoleUser.From(HttpContext?.User) ?? new ConsoleUser("", "viewer");

    protected string CanActAttribute => User.CanAct ? "true" : "false";
}
