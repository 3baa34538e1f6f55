#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature.h>
#include <deal.II/fe/fe_values.h>

#include <fluxion/core/input_checks.h>
#include <fluxion/core/named_plugins.h>
#include <fluxion/physics/electrochemistry/poisson_nernst_planck.h>

#include <cmath>
#include <sstream>

// The diffusivity laws of the species of the Poisson-Nernst-Planck physics
// (<Poisson Nernst Planck/SPECIES/Diffusivity laws>): their parameters, their
// values and the check of their values at the start.
namespace Fluxion
{
  namespace
  {
    // The laws of one species, 'region: law' pairs in the species' section.
    template <int dim>
    NamedPlugins<DiffusivityLaw<dim>>
    species_laws(const std::string &species)
    {
      return {"Poisson Nernst Planck/" + species,
              "Diffusivity laws",
              MeshPart::region,
              "law"};
    }
  } // namespace

  template <int dim>
  void
  PoissonNernstPlanck<dim>::declare_diffusivity_law_sections(
    ParameterHandler               &prm,
    const NamedSections             which,
    const std::vector<std::string> &names)
  {
    for (const auto &name : names)
      species_laws<dim>(name).declare_sections(prm, which);
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::read_diffusivity_laws(ParameterHandler &prm)
  {
    varying_diffusivity.assign(species.size(), {});
    region_names.clear();
    for (const auto &r : context.region_ids)
      region_names[r.second] = r.first;
    for (unsigned int s = 0; s < species.size(); ++s)
      {
        const auto laws = species_laws<dim>(species[s].name);
        if (laws.choices(prm).empty())
          continue;
        std::set<types::material_id> given;
        for (auto &law : laws.create(prm, context.region_ids))
          {
            law.plugin->length_unit_in_m = context.length_unit_in_m;
            given.insert(law.id);
            const DiffusivityLaw<dim> &l = *law.plugin;
            if (l.depends_on_position() || l.depends_on_time() ||
                l.depends_on_concentration())
              {
                varying_diffusivity[s][law.id] = std::move(law.plugin);
                continue;
              }
            // One number for the run, at its temperature.
            const double D =
              l.evaluate(Point<dim>(), context.start_time, 0, temperature).D;
            AssertThrow(D > 0 && std::isfinite(D),
                        ExcMessage("Parameter <" + laws.parameter() +
                                   ">: the law of region <" + law.name +
                                   "> gives D = " + Utilities::to_string(D) +
                                   "; the diffusivity must be positive."));
            species[s].diffusivity[law.id] = D;
          }
        // Every region with ions needs a law.
        for (const auto &r : context.region_ids)
          AssertThrow(given.count(r.second) || ion_free.count(r.second),
                      ExcMessage("Parameter <" + laws.parameter() +
                                 ">: the mesh region <" + r.first +
                                 "> has no diffusivity law."));
      }
  }

  template <int dim>
  LawDerivatives
  PoissonNernstPlanck<dim>::diffusivity(const unsigned int         s,
                                        const types::material_id   region,
                                        const Point<dim>          &p,
                                        const double               t,
                                        const std::vector<double> &fields) const
  {
    return varying_diffusivity[s].at(region)->evaluate_fields(
      p, t, fields, s, temperature);
  }

  template <int dim>
  double
  PoissonNernstPlanck<dim>::largest_diffusivity() const
  {
    // At the center of each owned cell, the bulk concentrations and phi = 0.
    std::vector<double> fields;
    for (const auto &s : species)
      fields.push_back(s.bulk);
    fields.push_back(0.0);
    double D = 0;
    for (unsigned int s = 0; s < species.size(); ++s)
      if (!varying_diffusivity.empty() && !varying_diffusivity[s].empty())
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (cell->is_locally_owned() &&
              varying_diffusivity_in(s, cell->material_id()))
            {
              const double d = diffusivity(s,
                                           cell->material_id(),
                                           cell->center(),
                                           time,
                                           fields)
                                 .value;
              if (std::isfinite(d))
                D = std::max(D, d);
            }
    return Utilities::MPI::max(D, context.mpi_communicator);
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::check_diffusivities() const
  {
    bool any = false;
    for (const auto &v : varying_diffusivity)
      any |= !v.empty();
    if (!any)
      return;
    // The laws at the nodes of each cell in the initial state.
    const std::string bad =
      first_failing_node([&](const Point<dim>          &x,
                             const types::material_id   region,
                             const std::vector<double> &u) -> std::string {
        for (unsigned int s = 0; s < species.size(); ++s)
          {
            if (!varying_diffusivity_in(s, region))
              continue;
            const double D = diffusivity(s, region, x, time, u).value;
            if (D > 0 && std::isfinite(D))
              continue;
            std::ostringstream where;
            where << x;
            return "Parameter <Poisson Nernst Planck/" + species[s].name +
                   "/Diffusivity laws>: the law of region <" +
                   region_names.at(region) +
                   "> gives D = " + Utilities::to_string(D) + " at (" +
                   where.str() + "), t = " + Utilities::to_string(time) +
                   ", in the initial state; the diffusivity must be "
                   "positive.";
          }
        return "";
      });
    throw_if_any_rank(bad, context.mpi_communicator);
  }

  template class PoissonNernstPlanck<1>;
  template class PoissonNernstPlanck<2>;
  template class PoissonNernstPlanck<3>;
} // namespace Fluxion
