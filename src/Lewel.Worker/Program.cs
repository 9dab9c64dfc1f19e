using Microsoft.Extensions.Hosting;
using Lewel.Web.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddLewelWorker();
await builder.Build().RunAsync();
