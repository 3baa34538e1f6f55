#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/revision.h>
#include <deal.II/base/utilities.h>

#include <fluxion/core/convergence_study.h>
#include <fluxion/core/parameters.h>
#include <fluxion/core/simulator.h>
#include <fluxion/core/utilities.h>
#include <fluxion/core/verification.h>
#include <fluxion/geometry/gmsh_mesh.h>

#include <dlfcn.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "fluxion_default_prm.h"
#include "fluxion_revision.h"

using namespace dealii;
using namespace Fluxion;

namespace
{
  // Whether the simulation is running: errors during a run may be seen by
  // one rank only, unless they are CollectiveErrors.
  bool run_phase = false;

  // Thrown when a verification check fails (exit code 2).
  struct CheckFailed
  {};

  // Writes everything to two stream buffers (the screen and the log).
  class TeeBuffer : public std::streambuf
  {
  public:
    TeeBuffer(std::streambuf *a, std::streambuf *b)
      : a(a)
      , b(b)
    {}

  protected:
    int
    overflow(int c) override
    {
      if (c == EOF)
        return !EOF;
      const int r1 = a->sputc(c);
      const int r2 = b->sputc(c);
      return (r1 == EOF || r2 == EOF) ? EOF : c;
    }
    int
    sync() override
    {
      return (a->pubsync() == 0 && b->pubsync() == 0) ? 0 : -1;
    }

  private:
    std::streambuf *a, *b;
  };

  // Whether a parameter file sets anything: a 'set' or an 'include' line
  // outside comments.
  bool
  sets_a_parameter(const std::string &text)
  {
    std::istringstream lines(text);
    std::string        line;
    while (std::getline(lines, line))
      {
        std::istringstream words(line.substr(0, line.find('#')));
        std::string        first;
        words >> first;
        if (first == "set" || first == "include")
          return true;
      }
    return false;
  }

  std::string
  read_text(const std::string &filename)
  {
    struct stat info;
    AssertThrow(stat(filename.c_str(), &info) == 0,
                ExcMessage("Cannot open the parameter file <" + filename +
                           ">: " + std::strerror(errno) + "."));
    AssertThrow(!S_ISDIR(info.st_mode),
                ExcMessage("The parameter file <" + filename +
                           "> is a directory, not a file."));
    std::ifstream in(filename);
    AssertThrow(in,
                ExcMessage("Cannot open the parameter file <" + filename +
                           ">."));
    std::stringstream s;
    s << in.rdbuf();
    const std::string text = s.str();
    // An empty file would run a default problem that nobody asked for.
    AssertThrow(sets_a_parameter(text),
                ExcMessage(
                  "The parameter file <" + filename +
                  "> is empty: it sets no parameter" +
                  (text.find_first_not_of(" \t\r\n") == std::string::npos ?
                     "." :
                     " (it has only comments, blank lines or "
                     "subsection/end lines).")));
    return text;
  }

  // Load user plugins.
  void
  load_libraries(const std::string &list)
  {
    for (const auto &lib : Utilities::split_string_list(list, ','))
      {
        void *handle = dlopen(lib.c_str(), RTLD_NOW | RTLD_GLOBAL);
        AssertThrow(handle != nullptr,
                    ExcMessage("Parameter <Additional shared libraries>: "
                               "cannot load <" +
                               lib + ">: " + std::string(dlerror())));
      }
  }

  template <int dim>
  int
  run(const std::string &text,
      const std::string &filename,
      const bool         validate_only)
  {
    const bool writer = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    ParameterHandler prm;
    read_parameters<dim>(prm, text, filename);

    const Verification verification(
      prm.get(std::vector<std::string>{"Verification"}, "Checks"));

    // The default output folder is named after the parameter file.
    prm.enter_subsection("Output");
    if (prm.get("Directory").empty())
      {
        std::string base = filename.substr(filename.rfind('/') + 1);
        if (base.size() > 4 && base.substr(base.size() - 4) == ".prm")
          base = base.substr(0, base.size() - 4);
        if (base.front() == '<')
          base = "default";
        prm.set("Directory", "output-" + base);
      }
    const std::string directory = prm.get("Directory");
    prm.leave_subsection();

    if (validate_only)
      {
        RunOptions options;
        options.validate_only = true;
        Simulator<dim> simulator(prm, options);
        if (writer)
          std::cout << "The parameter file <" << filename << "> is valid."
                    << std::endl;
        return 0;
      }

    // The output folder holds a copy of the input, every parameter with
    // its value, and a log of the screen output.
    std::ofstream              log;
    std::streambuf            *screen = std::cout.rdbuf();
    std::unique_ptr<TeeBuffer> tee;
    if (writer)
      {
        mkdir(directory.c_str(), 0755);
        std::ofstream input(directory + "/input.prm");
        if (!(input << text))
          throw LocalError("Cannot write into the output folder <" + directory +
                           "> (Output/Directory).");
        std::ofstream all(directory + "/parameters.prm");
        prm.print_parameters(all, ParameterHandler::ShortPRM);
        log.open(directory + "/log.txt");
        tee = std::make_unique<TeeBuffer>(screen, log.rdbuf());
        std::cout.rdbuf(tee.get());
      }
    struct Restore
    {
      std::streambuf *b;
      ~Restore()
      {
        std::cout.rdbuf(b);
      }
    } restore{screen};

    ConvergenceStudy<dim> study(prm);
    study.run(run_phase);
    if (!verification.check(study.final_statistics(),
                            study.last_output_directory() + "/statistics.csv"))
      throw CheckFailed();
    return 0;
  }

  void
  print_help()
  {
    std::cout
      << "Usage: fluxion [options] [FILE.prm]\n\n"
         "Runs the simulation described by FILE.prm; without a file, runs "
         "the built-in\ndefault example (a 2D sensor cell).\n\n"
         "Options:\n"
         "  --help                     this text\n"
         "  --version                  Fluxion's revision and deal.II's "
         "version\n"
         "  --validate FILE.prm        check the file and report problems, "
         "then exit\n"
         "  --print-parameters [prm|json]\n"
         "                             every parameter with default, "
         "pattern and\n"
         "                             documentation: those of every run, "
         "then each\n"
         "                             physics' sections under its name\n"
         "  --print-default-example    the parameter file of the default "
         "example\n\n"
         "Run in parallel with: mpirun -np N fluxion FILE.prm\n";
  }
} // namespace

int
main(int argc, char **argv)
{
  Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool writer = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;

  std::vector<std::string> args(argv + 1, argv + argc);
  std::string              filename;
  bool                     validate = false;
  try
    {
      for (unsigned int i = 0; i < args.size(); ++i)
        {
          const std::string &a = args[i];
          if (a == "--help" || a == "-h")
            {
              if (writer)
                print_help();
              return 0;
            }
          else if (a == "--version")
            {
              // Packaged deal.II (Debian's) has no git revision.
              const std::string dealii_revision = DEAL_II_GIT_SHORTREV;
              if (writer)
                std::cout << "Fluxion " << FLUXION_GIT_REVISION << " (deal.II "
                          << DEAL_II_PACKAGE_VERSION
                          << (dealii_revision.empty() ?
                                "" :
                                ", revision " + dealii_revision)
                          << ")\n";
              return 0;
            }
          else if (a == "--print-parameters")
            {
              std::string format = "prm";
              if (i + 1 < args.size() && args[i + 1][0] != '-')
                format = args[++i];
              AssertThrow(format == "prm" || format == "json",
                          ExcMessage("--print-parameters takes 'prm' or "
                                     "'json', got <" +
                                     format + ">."));
              if (writer)
                print_parameter_documentation(std::cout, format);
              return 0;
            }
          else if (a == "--print-default-example")
            {
              if (writer)
                std::cout << fluxion_default_prm;
              return 0;
            }
          else if (a == "--validate")
            validate = true;
          else if (!a.empty() && a[0] == '-')
            {
              AssertThrow(false,
                          ExcMessage("Unknown option <" + a +
                                     ">; see fluxion --help."));
            }
          else
            {
              AssertThrow(filename.empty(),
                          ExcMessage("Only one parameter file can be given."));
              filename = a;
            }
        }

      std::string text;
      if (filename.empty())
        {
          AssertThrow(!validate,
                      ExcMessage("--validate needs a parameter file."));
          text                         = fluxion_default_prm;
          filename                     = "<built-in default example>";
          GmshMesh<1>::input_directory = FLUXION_SOURCE_DIR "/prm";
          GmshMesh<2>::input_directory = FLUXION_SOURCE_DIR "/prm";
          GmshMesh<3>::input_directory = FLUXION_SOURCE_DIR "/prm";
        }
      else
        {
          text              = read_text(filename);
          const auto  slash = filename.rfind('/');
          std::string dir =
            slash == std::string::npos ? "." : filename.substr(0, slash);
          GmshMesh<1>::input_directory = dir;
          GmshMesh<2>::input_directory = dir;
          GmshMesh<3>::input_directory = dir;
        }

      // First pass: the dimension and the user plugins (read_parameters()
      // reads the physics the same way).
      ParameterHandler first;
      first.declare_entry("Dimension", "2", Patterns::Integer(1, 3));
      first.declare_entry("Additional shared libraries",
                          "",
                          Patterns::Anything());
      parse_parameter_text(first, text, filename, true);
      load_libraries(first.get("Additional shared libraries"));
      const unsigned int dim = first.get_integer("Dimension");
      switch (dim)
        {
          case 1:
            return run<1>(text, filename, validate);
          case 2:
            return run<2>(text, filename, validate);
          default:
            return run<3>(text, filename, validate);
        }
    }
  catch (const LocalError &e)
    {
      // Only this rank failed; the others may wait in a collective call.
      std::cerr << "\nFluxion error: " << e.what() << std::endl;
      if (Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) > 1)
        MPI_Abort(MPI_COMM_WORLD, 1);
      return 1;
    }
  catch (const CheckFailed &)
    {
      if (writer)
        std::cerr << "\nFluxion: verification checks failed." << std::endl;
      return 2;
    }
  catch (const std::exception &e)
    {
      // Input errors and collective errors are detected on every rank
      // alike, and one rank reports them. Any other error during a run may
      // be local to this rank: report it here and stop all ranks.
      const bool collective =
        !run_phase || dynamic_cast<const CollectiveError *>(&e) != nullptr;
      if (writer || !collective)
        std::cerr << "\nFluxion error: " << exception_message(e) << std::endl;
      if (!collective && Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) > 1)
        MPI_Abort(MPI_COMM_WORLD, 1);
      return 1;
    }
}
