using Lewel.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddLewel();

var app = builder.Build();
app.UseLewel();
app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
