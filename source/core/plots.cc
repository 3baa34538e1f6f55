#include <fluxion/core/plots.h>

#include <cstdio>
#include <sys/wait.h>

namespace Fluxion
{
  namespace
  {
    // A word quoted for the shell.
    std::string
    shell_quoted(const std::string &word)
    {
      std::string q = "'";
      for (const char c : word)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
      return q + "'";
    }
  } // namespace

  bool
  run_plot_script(const std::string &script,
                  const std::string &directory,
                  std::ostream      &out)
  {
    const std::string command =
      shell_quoted(script) + " " + shell_quoted(directory) + " 2>&1";
    FILE *pipe = popen(command.c_str(), "r");
    if (pipe == nullptr)
      {
        out << "Plots: none (cannot run " << script << ")" << std::endl;
        return false;
      }
    char buffer[512];
    while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr)
      out << buffer;
    out.flush();
    const int status = pclose(pipe);
    return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
} // namespace Fluxion
