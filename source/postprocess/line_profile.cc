#include <cmath>

#include <deal.II/base/mpi_remote_point_evaluation.h>
#include <deal.II/base/utilities.h>
#include <deal.II/fe/fe.h>

#include <fluxion/core/utilities.h>
#include <fluxion/physics/interface.h>
#include <fluxion/postprocess/line_profile.h>
#include <fluxion/postprocess/point_evaluation.h>

#include <fstream>
#include <iomanip>

namespace Fluxion
{
  namespace
  {
    template <int dim>
    Point<dim>
    read_point(const std::string &text, const std::string &name)
    {
      const auto items = Utilities::split_string_list(text, ',');
      AssertThrow(items.size() >= dim,
                  ExcMessage("Parameter <Postprocess/line profile/" + name +
                             ">: needs " + std::to_string(dim) +
                             " coordinates, got <" + text + ">."));
      Point<dim> p;
      for (unsigned int d = 0; d < dim; ++d)
        p[d] = parse_double(items[d], "Postprocess/line profile/" + name);
      return p;
    }
  } // namespace

  template <int dim>
  void
  LineProfile<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Start point",
                      "0, 0, 0",
                      Patterns::Anything(),
                      "[length] First point of the line (extra coordinates "
                      "are ignored).");
    prm.declare_entry("End point",
                      "1, 0, 0",
                      Patterns::Anything(),
                      "[length] Last point of the line.");
    prm.declare_entry("Number of points",
                      "101",
                      Patterns::Integer(2),
                      "Points along the line.");
    prm.declare_entry("Fields",
                      "",
                      Patterns::Anything(),
                      "The fields in the profile, by name, comma separated; "
                      "empty means all. With one field its column is 'c'; "
                      "with several, each column is named after its field.");
  }

  template <int dim>
  void
  LineProfile<dim>::parse_parameters(ParameterHandler &prm)
  {
    start      = read_point<dim>(prm.get("Start point"), "Start point");
    end        = read_point<dim>(prm.get("End point"), "End point");
    n_points   = prm.get_integer("Number of points");
    field_list = prm.get("Fields");
  }

  template <int dim>
  void
  LineProfile<dim>::check_fields(const FieldDescriptions &fields) const
  {
    fields.select(field_list, "Postprocess/line profile/Fields");
  }

  template <int dim>
  void
  LineProfile<dim>::execute(const PhysicsInterface<dim> &physics,
                            Statistics                  &statistics,
                            const bool                   write_files,
                            const std::string           &directory)
  {
    // All ranks take part in the evaluation; only the writer writes.
    std::vector<Point<dim>> points(n_points);
    for (unsigned int i = 0; i < n_points; ++i)
      points[i] = start + (end - start) * (double(i) / (n_points - 1));
    const auto fields = physics.fields();
    const auto selected =
      fields.select(field_list, "Postprocess/line profile/Fields");

    Utilities::MPI::RemotePointEvaluation<dim> rpe(1e-8, true);
    rpe.reinit(points,
               physics.get_dof_handler().get_triangulation(),
               physics.get_mapping());
    AssertThrow(rpe.all_points_found(),
                ExcMessage("Parameter <Postprocess/line profile>: part of "
                           "the line from <Start point> to <End point> lies "
                           "outside the domain."));
    std::vector<std::vector<double>> values;
    for (const auto f : selected)
      values.push_back(field_values_at(physics, rpe, f));
    if (!write_files)
      return;
    std::ostringstream out;
    out << "distance,x" << (dim > 1 ? ",y" : "") << (dim > 2 ? ",z" : "");
    for (const auto f : selected)
      out << ',' << (fields.size() == 1 ? std::string("c") : fields[f].name);
    out << '\n' << std::setprecision(10);
    for (unsigned int i = 0; i < n_points; ++i)
      {
        out << points[i].distance(start);
        for (unsigned int d = 0; d < dim; ++d)
          out << ',' << points[i][d];
        for (const auto &v : values)
          out << ',' << v[i];
        out << '\n';
      }
    const std::string name =
      "profile-" + Utilities::int_to_string(count, 5) + ".csv";
    std::ofstream(directory + "/" + name) << out.str();
    std::ofstream(directory + "/profile.csv") << out.str();
    // The step and time of each profile file (a resumed run appends).
    std::ofstream times(directory + "/profile_times.csv",
                        count == 0 ? std::ios::out : std::ios::app);
    if (count == 0)
      times << "file,step,time [s]\n";
    times << name << ',' << statistics.get("step") << ','
          << std::setprecision(12) << statistics.get("time [s]") << '\n';
    ++count;
  }

  template <int dim>
  std::vector<double>
  LineProfile<dim>::get_state() const
  {
    return {static_cast<double>(count)};
  }

  template <int dim>
  void
  LineProfile<dim>::set_state(const std::vector<double> &state)
  {
    if (state.size() == 1)
      count = static_cast<unsigned int>(state[0]);
  }

  FLUXION_REGISTER_PLUGIN(Postprocessor,
                          LineProfile,
                          "line profile",
                          "The fields along a straight line, written as CSV "
                          "(profile.csv and profile-NNNNN.csv) on output "
                          "steps; profile_times.csv gives the step and time "
                          "of each file.")
} // namespace Fluxion
