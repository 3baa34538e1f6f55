#include <fluxion/core/utilities.h>
#include <fluxion/physics/interface.h>
#include <fluxion/postprocess/point_evaluation.h>
#include <fluxion/postprocess/point_values.h>

namespace Fluxion
{
  namespace
  {
    const std::string points_parameter = "Postprocess/point values/Points";
  }

  template <int dim>
  void
  PointValues<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Points",
                      "",
                      Patterns::Anything(),
                      "[length] Named points separated by ';', each "
                      "'name: x, y, z' (extra coordinates are ignored), e.g. "
                      "'wall: 0; center: 50'.");
    prm.declare_entry("Fields",
                      "",
                      Patterns::Anything(),
                      "The fields to evaluate, comma separated; empty means "
                      "all. Columns are '<field> at <name>' ('c at <name>' "
                      "with one field).");
  }

  template <int dim>
  void
  PointValues<dim>::parse_parameters(ParameterHandler &prm)
  {
    names.clear();
    points.clear();
    for (const auto &item :
         Utilities::split_string_list(prm.get("Points"), ';'))
      {
        const auto colon = item.find(':');
        AssertThrow(colon != std::string::npos,
                    ExcMessage("Parameter <" + points_parameter +
                               ">: write each point as 'name: x, y, z', "
                               "got <" +
                               item + ">."));
        const auto coordinates =
          Utilities::split_string_list(item.substr(colon + 1), ',');
        AssertThrow(coordinates.size() >= dim,
                    ExcMessage("Parameter <" + points_parameter + ">: point <" +
                               item + "> needs " + std::to_string(dim) +
                               " coordinates."));
        Point<dim> p;
        for (unsigned int d = 0; d < dim; ++d)
          p[d] = parse_double(coordinates[d], points_parameter);
        names.push_back(Utilities::trim(item.substr(0, colon)));
        points.push_back(p);
      }
    AssertThrow(!points.empty(),
                ExcMessage("Parameter <" + points_parameter +
                           "> is empty: name at least one point."));
    field_list = prm.get("Fields");
  }

  template <int dim>
  void
  PointValues<dim>::check_fields(const FieldDescriptions &fields) const
  {
    fields.select(field_list, "Postprocess/point values/Fields");
  }

  template <int dim>
  void
  PointValues<dim>::execute(const PhysicsInterface<dim> &physics,
                            Statistics                  &statistics,
                            const bool,
                            const std::string &)
  {
    Utilities::MPI::RemotePointEvaluation<dim> rpe(1e-8, true);
    rpe.reinit(points,
               physics.get_dof_handler().get_triangulation(),
               physics.get_mapping());
    AssertThrow(rpe.all_points_found(),
                ExcMessage("Parameter <" + points_parameter +
                           ">: a point lies outside the domain."));
    const auto fields = physics.fields();
    for (const auto f :
         fields.select(field_list, "Postprocess/point values/Fields"))
      {
        const auto        values = field_values_at(physics, rpe, f);
        const std::string field =
          fields.size() == 1 ? std::string("c") : fields[f].name;
        for (unsigned int i = 0; i < points.size(); ++i)
          statistics.set(field + " at " + names[i], values[i]);
      }
  }

  FLUXION_REGISTER_PLUGIN(Postprocessor,
                          PointValues,
                          "point values",
                          "The fields at named points, as statistics columns "
                          "'<field> at <name>'.")
} // namespace Fluxion
