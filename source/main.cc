#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/revision.h>
#include <deal.II/base/utilities.h>

#include <fluxion/boundary/interface.h>
#include <fluxion/core/parameters.h>
#include <fluxion/core/simulator.h>
#include <fluxion/core/utilities.h>
#include <fluxion/geometry/gmsh_mesh.h>
#include <fluxion/initial/interface.h>
#include <fluxion/materials/diffusivity_law.h>

#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
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

  // 'column = value +- tolerance', or a bound 'column >= value' or
  // 'column <= value'; the column may be 'min(name)' or 'max(name)', the
  // extreme of a statistics column over all rows of the run.
  struct Check
  {
    std::string column;
    double      expected;
    double      tolerance = 0;
    bool        relative  = false;
    int         bound     = 0; // +1: >=, -1: <=, 0: equality
  };

  std::vector<Check>
  parse_checks(const std::string &text)
  {
    std::vector<Check> checks;
    for (const auto &item : Utilities::split_string_list(text, ';'))
      {
        Check      c;
        const auto ge = item.find(">=");
        const auto le = item.find("<=");
        if (ge != std::string::npos || le != std::string::npos)
          {
            const auto op = std::min(ge, le);
            c.bound       = op == ge ? 1 : -1;
            c.column      = Utilities::trim(item.substr(0, op));
            c.expected =
              parse_double(item.substr(op + 2), "Verification/Checks");
            checks.push_back(c);
            continue;
          }
        const auto eq = item.rfind('=');
        const auto pm = item.find("+-");
        AssertThrow(eq != std::string::npos && pm != std::string::npos &&
                      pm > eq,
                    ExcMessage("Parameter <Verification/Checks>: expected "
                               "'column = value +- tolerance', 'column >= "
                               "value' or 'column <= value', got <" +
                               item + ">."));
        c.column = Utilities::trim(item.substr(0, eq));
        c.expected =
          parse_double(item.substr(eq + 1, pm - eq - 1), "Verification/Checks");
        std::string tol = Utilities::trim(item.substr(pm + 2));
        c.relative      = !tol.empty() && tol.back() == '%';
        if (c.relative)
          tol.pop_back();
        c.tolerance =
          parse_double(tol, "Verification/Checks") / (c.relative ? 100.0 : 1.0);
        checks.push_back(c);
      }
    return checks;
  }

  // The smallest or largest value of a column over all rows of a
  // statistics file, read by rank 0 and shared; NaN if any row is not a
  // number.
  double
  column_extreme(const std::string &filename,
                 const std::string &column,
                 const bool         largest)
  {
    double      result = std::numeric_limits<double>::quiet_NaN();
    std::string problem;
    if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
      {
        std::ifstream in(filename);
        std::string   line;
        std::getline(in, line);
        const auto names = Utilities::split_string_list(line, ',');
        const auto it    = std::find(names.begin(), names.end(), column);
        if (!in || it == names.end())
          problem = "Parameter <Verification/Checks>: the statistics (" +
                    filename + ") have no column <" + column + ">.";
        else
          {
            const auto index   = it - names.begin();
            bool       any_nan = false, have = false;
            double     extreme = 0;
            while (std::getline(in, line))
              {
                const auto   values = Utilities::split_string_list(line, ',');
                const double v      = index < static_cast<long>(values.size()) ?
                                        std::strtod(values[index].c_str(), nullptr) :
                                        std::numeric_limits<double>::quiet_NaN();
                if (std::isnan(v))
                  any_nan = true;
                else if (!have || (largest ? v > extreme : v < extreme))
                  extreme = v;
                have |= !std::isnan(v);
              }
            if (have && !any_nan)
              result = extreme;
          }
      }
    problem = Utilities::MPI::broadcast(MPI_COMM_WORLD, problem, 0);
    AssertThrow(problem.empty(), ExcMessage(problem));
    return Utilities::MPI::broadcast(MPI_COMM_WORLD, result, 0);
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

    prm.enter_subsection("Convergence study");
    const unsigned int cycles = prm.get_integer("Cycles");
    const auto columns = Utilities::split_string_list(prm.get("Columns"), ',');
    const bool space   = prm.get("Refine") == "space";
    const bool differences = prm.get("Rates from") == "differences";
    prm.leave_subsection();
    prm.enter_subsection("Verification");
    const auto checks = parse_checks(prm.get("Checks"));
    prm.leave_subsection();
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

    std::vector<Statistics> results;
    for (unsigned int c = 0; c < cycles; ++c)
      {
        RunOptions options;
        options.cycle = c;
        if (cycles > 1)
          {
            options.output_suffix = "/cycle-" + std::to_string(c);
            if (writer)
              std::cout << "\n=== Convergence study: cycle " << c
                        << " ===" << std::endl;
          }
        Simulator<dim> simulator(prm, options);
        run_phase = true;
        simulator.run();
        run_phase = false;
        results.push_back(simulator.final_statistics());
      }

    Statistics final = results.back();
    if (cycles > 1 && writer)
      {
        std::cout << "\nConvergence study (" << (space ? "mesh" : "time step")
                  << " halved per cycle):\n"
                  << std::setw(6) << "cycle" << std::setw(10)
                  << (space ? "cells" : "steps");
        for (const auto &col : columns)
          std::cout << std::setw(16) << col << std::setw(8) << "rate";
        std::cout << "\n";
      }
    for (unsigned int c = 0; c < results.size() && cycles > 1; ++c)
      {
        if (writer)
          std::cout << std::setw(6) << c << std::setw(10)
                    << static_cast<unsigned long>(
                         results[c].get(space ? "cells" : "step"));
        for (const auto &col : columns)
          {
            AssertThrow(results[c].has(col),
                        ExcMessage("Parameter <Convergence study/Columns>: "
                                   "the statistics have no column <" +
                                   col +
                                   "> (add the postprocessor that makes it)."));
            const double e     = results[c].get(col);
            double       rate  = 0;
            const bool   rated = differences ? c > 1 : c > 0;
            if (rated && !differences)
              rate = std::log(results[c - 1].get(col) / e) / std::log(2.0);
            else if (rated)
              rate = std::log(std::abs(results[c - 1].get(col) -
                                       results[c - 2].get(col)) /
                              std::abs(e - results[c - 1].get(col))) /
                     std::log(2.0);
            if (writer)
              {
                std::cout << std::setw(16) << std::scientific
                          << std::setprecision(4) << e << std::defaultfloat;
                if (rated)
                  std::cout << std::setw(8) << std::fixed
                            << std::setprecision(2) << rate
                            << std::defaultfloat;
                else
                  std::cout << std::setw(8) << "-";
              }
            if (c + 1 == results.size())
              final.set("rate " + col, rate);
          }
        if (writer)
          std::cout << "\n";
      }

    // Verification checks.
    bool all_passed = true;
    if (!checks.empty() && writer)
      std::cout << "\nVerification:\n"
                << std::left << std::setw(28) << "  check" << std::right
                << std::setw(16) << "expected" << std::setw(16) << "computed"
                << std::setw(12) << "error" << std::setw(12) << "tolerance"
                << "  result\n";
    const std::string last_directory =
      directory +
      (cycles > 1 ? "/cycle-" + std::to_string(cycles - 1) : std::string());
    for (const auto &c : checks)
      {
        const bool over_rows =
          c.column.size() > 5 && c.column.back() == ')' &&
          (c.column.substr(0, 4) == "min(" || c.column.substr(0, 4) == "max(");
        AssertThrow(over_rows || final.has(c.column),
                    ExcMessage("Parameter <Verification/Checks>: the final "
                               "statistics have no column <" +
                               c.column + ">."));
        const double v =
          over_rows ? column_extreme(last_directory + "/statistics.csv",
                                     c.column.substr(4, c.column.size() - 5),
                                     c.column[1] == 'a') :
                      final.get(c.column);
        // A bound reports by how much it is violated.
        const double error =
          c.bound != 0 ?
            std::max(0.0, c.bound * (c.expected - v)) :
          c.relative ?
            std::abs(v - c.expected) / std::max(std::abs(c.expected), 1e-300) :
            std::abs(v - c.expected);
        const bool pass = std::isfinite(v) && error <= c.tolerance;
        all_passed &= pass;
        if (writer)
          {
            std::ostringstream expected;
            expected << std::setprecision(8)
                     << (c.bound > 0 ? ">= " :
                         c.bound < 0 ? "<= " :
                                       "")
                     << c.expected;
            std::cout << "  " << std::left << std::setw(26) << c.column
                      << std::right << std::setw(16) << expected.str()
                      << std::setw(16) << std::setprecision(8) << v
                      << std::setw(12) << std::setprecision(2) << error
                      << std::setw(11) << c.tolerance
                      << (c.relative ? "r" : " ") << "  "
                      << (pass ? "PASS" : "FAIL") << "\n";
          }
      }
    if (!all_passed)
      throw CheckFailed();
    return 0;
  }

  void
  print_parameters(const std::string &format)
  {
    // Every parameter of every plugin, in 2D, with one example section per
    // material law and boundary condition.
    ParameterHandler prm;
    Simulator<2>::declare_parameters(prm);
    prm.enter_subsection("Materials");
    for (const auto &p : PluginRegistry<DiffusivityLaw<2>>::instance().all())
      {
        prm.enter_subsection("<region> with law '" + p.first + "'");
        p.second.declare_parameters(prm);
        prm.leave_subsection();
      }
    prm.leave_subsection();
    prm.enter_subsection("Boundary conditions");
    for (const auto &p : PluginRegistry<BoundaryCondition<2>>::instance().all())
      {
        prm.enter_subsection("<boundary> of type '" + p.first + "'");
        p.second.declare_parameters(prm);
        prm.leave_subsection();
      }
    prm.leave_subsection();
    if (format == "json")
      prm.print_parameters(std::cout, ParameterHandler::JSON);
    else
      prm.print_parameters(std::cout,
                           ParameterHandler::PRM |
                             ParameterHandler::KeepDeclarationOrder);
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
         "pattern and documentation\n"
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
                print_parameters(format);
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

      // First pass: the dimension and the user plugins.
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
