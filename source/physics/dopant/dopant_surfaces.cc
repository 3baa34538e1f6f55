#include <fluxion/core/utilities.h>
#include <fluxion/physics/dopant/dopant_diffusion.h>
#include <fluxion/physics/dopant/solubility_boundary.h>

#include <iomanip>
#include <sstream>

namespace Fluxion
{
  namespace
  {
    // A boundary condition of the registry, with its entries set to
    // @p entries; errors name @p parameter.
    template <int dim>
    std::unique_ptr<BoundaryCondition<dim>>
    create_boundary(
      const std::string                                      &name,
      const std::string                                      &parameter,
      const std::vector<std::pair<std::string, std::string>> &entries)
    {
      const auto &registry = PluginRegistry<BoundaryCondition<dim>>::instance();
      ParameterHandler prm;
      registry.get(name, parameter).declare_parameters(prm);
      for (const auto &e : entries)
        prm.set(e.first, e.second);
      return registry.create(name, parameter, prm);
    }

    // A number as text that reads back to the same double.
    std::string
    exact_text(const double x)
    {
      std::ostringstream s;
      s << std::setprecision(17) << x;
      return s.str();
    }
  } // namespace

  template <int dim>
  typename DopantDiffusion<dim>::SurfaceCondition
  DopantDiffusion<dim>::parse_surface_condition(
    const std::string          &text,
    const std::string          &parameter,
    const unsigned int          dopant,
    const ThermalProcess::Step &step) const
  {
    const auto words = Utilities::split_string_list(text, ' ');
    const auto bad   = [&]() {
      AssertThrow(false,
                  ExcMessage("Parameter <" + parameter + ">: <" + text +
                             "> is not a surface condition. Use 'inert', "
                               "'concentration CS', 'solubility' or "
                               "'mass transfer H CSTAR'."));
    };
    // The solubility must be known over the temperatures of the step.
    const auto check_solubility = [&]() {
      AssertThrow(solubility[dopant] != nullptr,
                  ExcMessage("Parameter <" + parameter +
                             ">: 'solubility' needs the solid solubility of " +
                             dopants[dopant].name +
                             " in <Dopant diffusion/Solid solubilities> "
                             "(it has no built-in table)."));
      for (const double T : {step.T_start_K, step.T_end_K})
        AssertThrow(solubility[dopant]->covers(T),
                    ExcMessage("Parameter <" + parameter + ">: step <" +
                               step.name + "> reaches " +
                               Utilities::to_string(T - 273.15) +
                               " C, outside " + solubility_origin[dopant] +
                               ", which covers " + solubility[dopant]->range() +
                               "; give data for this range in "
                               "<Dopant diffusion/Solid solubilities>."));
    };
    const auto concentration = [&](const std::string &word) {
      AssertThrow(parse_double(word, parameter) >= 0,
                  ExcMessage("Parameter <" + parameter +
                             ">: the concentration must not be negative."));
      return word;
    };
    if (words.size() == 1 && words[0] == "inert")
      return nullptr;
    if (words.size() == 1 && words[0] == "solubility")
      {
        check_solubility();
        return std::make_unique<SolubilityBoundary<dim>>(*solubility[dopant],
                                                         *process,
                                                         std::nullopt);
      }
    if (words.size() == 2 && words[0] == "concentration")
      return create_boundary<dim>("dirichlet",
                                  parameter,
                                  {{"Concentration", concentration(words[1])}});
    if (words.size() == 4 && words[0] == "mass" && words[1] == "transfer")
      {
        const double h = parse_double(words[2], parameter);
        if (words[3] == "solubility")
          check_solubility();
        AssertThrow(h >= 0,
                    ExcMessage("Parameter <" + parameter +
                               ">: the transfer coefficient must not be "
                               "negative."));
        // cm/s -> length units / s
        const double h_length = h / length_unit_cm();
        if (words[3] == "solubility")
          return std::make_unique<SolubilityBoundary<dim>>(*solubility[dopant],
                                                           *process,
                                                           h_length);
        return create_boundary<dim>(
          "mass transfer",
          parameter,
          {{"Transfer coefficient", exact_text(h_length)},
           {"External concentration", concentration(words[3])}});
      }
    bad();
    return nullptr;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::read_surface_conditions(ParameterHandler &prm)
  {
    prm.enter_subsection("Surface conditions");
    for (const auto &s : process->steps())
      {
        prm.enter_subsection(s.name);
        surface_conditions.emplace_back();
        for (unsigned int i = 0; i < dopants.size(); ++i)
          surface_conditions.back().push_back(
            parse_surface_condition(prm.get(dopants[i].name),
                                    "Surface conditions/" + s.name + "/" +
                                      dopants[i].name,
                                    i,
                                    s));
        prm.leave_subsection();
      }
    prm.leave_subsection();
  }

  template <int dim>
  void
  DopantDiffusion<dim>::make_constraints(const double t)
  {
    // Predeposition: the surface concentration of the step that ends at t.
    const auto &conditions = surface_conditions[process->step_index(t)];
    this->reset_constraints();
    // Surface DoFs in the window (everywhere without a mask). Silicon
    // faces first: where silicon and an oxide meet on the surface (the edge
    // of an opening in a mask layer) the silicon value holds.
    std::vector<types::global_dof_index> dofs(fe->n_dofs_per_cell());
    for (const bool oxide_pass : {false, true})
      for (const auto &cell : dof_handler.active_cell_iterators())
        if (!cell->is_artificial() &&
            !is_interface_layer(cell->material_id()) &&
            is_oxide(cell->material_id()) == oxide_pass)
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary() &&
                cell->face(f)->boundary_id() == surface_id)
              {
                cell->get_dof_indices(dofs);
                for (unsigned int k = 0; k < dofs.size(); ++k)
                  {
                    const unsigned int i =
                      fe->system_to_component_index(k).first;
                    if (!conditions[i] || !conditions[i]->is_essential() ||
                        !fe->has_support_on_face(k, f) ||
                        constraints.is_constrained(dofs[k]) ||
                        !locally_relevant_dofs.is_element(dofs[k]))
                      continue;
                    const Point<dim> x =
                      context.mapping->transform_unit_to_real_cell(
                        cell, fe->unit_support_point(k));
                    if (!in_window(x))
                      continue;
                    constraints.add_line(dofs[k]);
                    constraints.set_inhomogeneity(
                      dofs[k],
                      conditions[i]->concentration(x, t) /
                        concentration_factor(i, cell->material_id()));
                    zero_constraints.add_line(dofs[k]);
                  }
              }
    constraints.close();
    zero_constraints.close();
  }

#define FLUXION_INSTANTIATE(dim)                               \
  template void DopantDiffusion<dim>::read_surface_conditions( \
    ParameterHandler &);                                       \
  template void DopantDiffusion<dim>::make_constraints(const double);

  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
