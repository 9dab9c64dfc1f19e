using Lewel.Web.Auth;
using Lewel.Web.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddLewel();

    var app = builder.Build();
    app.UseLewel();
    app.Run();
    return Environment.ExitCode;
}
catch (Exception e) when (SetupProblem(e) is { } problem)
{
    // Not a crash: the studio would be reachable without sign-in, or nobody could sign in. Say how to set it up.
    Console.Error.WriteLine(problem.Message);
    return AuthSetupException.ExitCode;
}

static AuthSetupException? SetupProblem(Exception e) => e switch
{
    AuthSetupException setup => setup,
    AggregateException aggregate => aggregate.InnerExceptions.Select(SetupProblem).FirstOrDefault(p => p is not null),
    _ => e.InnerException is { } inner ? SetupProblem(inner) : null,
};

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
